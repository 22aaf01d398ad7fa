namespace RunwareCloud.Imaging;

/// <summary>Decodes any supported format by its magic bytes and encodes to a chosen one.</summary>
public static class ImageCodec
{
    /// <summary>Reads the format and declared size without decoding pixels.</summary>
    public static (ImageFormat Format, int Width, int Height) Identify(ReadOnlySpan<byte> data)
    {
        var format = ImageFormatSniffer.Sniff(data);
        var (width, height) = format switch
        {
            ImageFormat.Png => ReadPngSize(data),
            ImageFormat.Jpeg => JpegCodec.ReadHeader(data),
            ImageFormat.WebP => WebPCodec.ReadHeader(data),
            ImageFormat.Gif => throw new ImagingException(ImagingErrorReason.Unsupported, "GIF images are not supported."),
            _ => throw new ImagingException(ImagingErrorReason.UnknownFormat, "The data is not a PNG, JPEG or WebP image."),
        };
        return (format, width, height);
    }

    public static RgbaImage Decode(ReadOnlySpan<byte> data, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        limits.CheckBytes(data.Length);
        return ImageFormatSniffer.Sniff(data) switch
        {
            ImageFormat.Png => PngDecoder.Decode(data, limits),
            ImageFormat.Jpeg => JpegCodec.Decode(data, limits),
            ImageFormat.WebP => WebPCodec.Decode(data, limits),
            ImageFormat.Gif => throw new ImagingException(ImagingErrorReason.Unsupported, "GIF images are not supported."),
            _ => throw new ImagingException(ImagingErrorReason.UnknownFormat, "The data is not a PNG, JPEG or WebP image."),
        };
    }

    /// <summary>Encodes; JPEG has no alpha, so a transparent image is flattened onto white first.</summary>
    public static byte[] Encode(RgbaImage image, ImageFormat format, int quality = 90) => format switch
    {
        ImageFormat.Png => PngEncoder.Encode(image),
        ImageFormat.Jpeg => JpegCodec.Encode(image.IsOpaque() ? image : ImageCompositing.Flatten(image, 255, 255, 255), quality),
        ImageFormat.WebP => WebPCodec.Encode(image, quality),
        _ => throw new ImagingException(ImagingErrorReason.Unsupported, $"Encoding to {format} is not supported."),
    };

    private static (int, int) ReadPngSize(ReadOnlySpan<byte> data)
    {
        var header = PngDecoder.ReadHeader(data);
        return (header.Width, header.Height);
    }
}
