using RunwareCloud.History.Api.Media;
using RunwareCloud.Imaging;

namespace RunwareCloud.History.Api.Assets;

/// <summary>Decodes with RunwareCloud.Imaging (which enforces its input limits) and writes a PNG that fits the thumbnail box.</summary>
public sealed class ImagingThumbnailer : IThumbnailer
{
    public async Task<byte[]?> CreateAsync(StagedAsset staged, MediaType type, int maxSize, CancellationToken cancellationToken)
    {
        if (!type.IsImage || type == MediaType.Gif)
        {
            return null;
        }

        try
        {
            ImageLimits.Default.CheckBytes(staged.Size);
            var bytes = await File.ReadAllBytesAsync(staged.Path, cancellationToken);
            var image = ImageCodec.Decode(bytes, ImageLimits.Default);
            var thumbnail = image.Width <= maxSize && image.Height <= maxSize
                ? image
                : ImageResizer.ResizeToFit(image, maxSize, maxSize, ResizeFilter.Bicubic);
            return PngEncoder.Encode(thumbnail);
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
