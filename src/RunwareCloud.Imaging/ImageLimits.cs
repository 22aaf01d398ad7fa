namespace RunwareCloud.Imaging;

/// <summary>Hard limits checked before any pixel buffer is allocated, so a hostile file cannot exhaust memory.</summary>
public sealed record ImageLimits
{
    /// <summary>50 MB of encoded input, 8192 pixels per side and 40 megapixels.</summary>
    public static ImageLimits Default { get; } = new();

    public long MaxBytes { get; init; } = 50L * 1024 * 1024;

    public int MaxWidth { get; init; } = 8192;

    public int MaxHeight { get; init; } = 8192;

    public long MaxPixels { get; init; } = 40L * 1024 * 1024;

    public void CheckBytes(long length)
    {
        if (length == 0)
        {
            throw new ImagingException(ImagingErrorReason.Truncated, "The image is empty.");
        }

        if (length > MaxBytes)
        {
            throw new ImagingException(ImagingErrorReason.TooLarge, $"The image is {length} bytes; the limit is {MaxBytes}.");
        }
    }

    public void CheckDimensions(long width, long height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImagingException(ImagingErrorReason.Corrupt, $"The image declares an invalid size {width}x{height}.");
        }

        if (width > MaxWidth || height > MaxHeight || width * height > MaxPixels)
        {
            throw new ImagingException(ImagingErrorReason.TooLarge,
                $"The image declares {width}x{height}; the limits are {MaxWidth}x{MaxHeight} and {MaxPixels} pixels.");
        }
    }
}
