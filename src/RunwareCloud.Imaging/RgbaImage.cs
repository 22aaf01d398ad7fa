namespace RunwareCloud.Imaging;

/// <summary>An image as 8-bit RGBA pixels, row after row, no padding (straight, not premultiplied, alpha).</summary>
public sealed class RgbaImage
{
    public RgbaImage(int width, int height)
        : this(width, height, new byte[CheckedLength(width, height)])
    {
    }

    public RgbaImage(int width, int height, byte[] pixels)
    {
        var length = CheckedLength(width, height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != length)
        {
            throw new ImagingException(ImagingErrorReason.InvalidArgument, $"Expected {length} bytes of RGBA pixels for {width}x{height}, got {pixels.Length}.");
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public long PixelCount => (long)Width * Height;

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width * 4, Width * 4);

    public (byte R, byte G, byte B, byte A) GetPixel(int x, int y)
    {
        var i = ((y * Width) + x) * 4;
        return (Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
    }

    public void SetPixel(int x, int y, byte r, byte g, byte b, byte a = 255)
    {
        var i = ((y * Width) + x) * 4;
        Pixels[i] = r;
        Pixels[i + 1] = g;
        Pixels[i + 2] = b;
        Pixels[i + 3] = a;
    }

    public RgbaImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    /// <summary>True when every pixel is fully opaque.</summary>
    public bool IsOpaque()
    {
        for (var i = 3; i < Pixels.Length; i += 4)
        {
            if (Pixels[i] != 255)
            {
                return false;
            }
        }

        return true;
    }

    private static int CheckedLength(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImagingException(ImagingErrorReason.InvalidArgument, $"Image size {width}x{height} must be positive.");
        }

        var length = (long)width * height * 4;
        if (length > Array.MaxLength)
        {
            throw new ImagingException(ImagingErrorReason.TooLarge, $"Image size {width}x{height} is too large for one buffer.");
        }

        return (int)length;
    }
}
