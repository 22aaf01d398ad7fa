using RunwareCloud.History.Api.Media;
using RunwareCloud.Imaging;

namespace RunwareCloud.History.Api.Assets;

/// <summary>Decodes with RunwareCloud.Imaging (which enforces its input limits) and writes a PNG that fits the thumbnail box.</summary>
public sealed class ImagingThumbnailer : IThumbnailer
{
    public async Task<Thumbnail?> CreateAsync(StagedAsset staged, MediaType type, int maxSize, CancellationToken cancellationToken)
    {
        if (!type.IsImage || type == MediaType.Gif)
        {
            return null;
        }

        try
        {
            ImageLimits.Default.CheckBytes(staged.Size);
            var bytes = await staged.ReadAllAsync(cancellationToken);
            if (type == MediaType.Png && PngDecoder.ReadHeader(bytes) is var header && header.Width <= maxSize && header.Height <= maxSize)
            {
                // A PNG that already fits is its own thumbnail: checked whole, not decoded into pixels or encoded again.
                PngDecoder.Verify(bytes, ImageLimits.Default);
                return Thumbnail.Original;
            }

            var image = ImageCodec.Decode(bytes, ImageLimits.Default);
            return Thumbnail.Rendered(PngEncoder.Encode(image.Width <= maxSize && image.Height <= maxSize
                ? image
                : ImageResizer.ResizeToFit(image, maxSize, maxSize, ResizeFilter.Bicubic)));
        }
        catch (ImagingException exception) when (exception.Reason is not (ImagingErrorReason.NativeLibraryMissing or ImagingErrorReason.NativeFailure))
        {
            throw new RejectedContentException(exception.Reason == ImagingErrorReason.TooLarge
                ? $"image too large: {exception.Message}"
                : $"corrupt {type.Format} file: {exception.Message}");
        }
        catch (ImagingException)
        {
            // Without the system codec library the bytes are still worth keeping; the thumbnail is simply absent.
            return null;
        }
    }
}
