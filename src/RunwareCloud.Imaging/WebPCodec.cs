namespace RunwareCloud.Imaging;

/// <summary>WebP through the system libwebp (Debian package libwebp7), loaded on first use.</summary>
public static unsafe class WebPCodec
{
    private static readonly NativeLibraryLoader s_library = new("libwebp.so.7", "libwebp7");
    private static readonly Lazy<Api> s_api = new(() => new Api(s_library));

    public static (int Width, int Height) ReadHeader(ReadOnlySpan<byte> data)
    {
        int width, height;
        fixed (byte* source = data)
        {
            if (s_api.Value.GetInfo(source, (nuint)data.Length, &width, &height) == 0)
            {
                throw new ImagingException(ImagingErrorReason.Corrupt, "The WebP header is invalid.");
            }
        }

        return (width, height);
    }

    public static RgbaImage Decode(ReadOnlySpan<byte> data, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        limits.CheckBytes(data.Length);
        if (ImageFormatSniffer.Sniff(data) != ImageFormat.WebP)
        {
            throw new ImagingException(ImagingErrorReason.UnknownFormat, "Not a WebP file.");
        }

        var (width, height) = ReadHeader(data);
        limits.CheckDimensions(width, height);
        var api = s_api.Value;
        int decodedWidth, decodedHeight;
        byte* pixels;
        fixed (byte* source = data)
        {
            pixels = api.DecodeRgba(source, (nuint)data.Length, &decodedWidth, &decodedHeight);
        }

        if (pixels == null)
        {
            throw new ImagingException(ImagingErrorReason.Corrupt, "The WebP image data is corrupt.");
        }

        try
        {
            if (decodedWidth != width || decodedHeight != height)
            {
                throw new ImagingException(ImagingErrorReason.Corrupt, "The WebP decoded to a size other than its header's.");
            }

            return new RgbaImage(width, height, new ReadOnlySpan<byte>(pixels, width * height * 4).ToArray());
        }
        finally
        {
            api.Free(pixels);
        }
    }

    /// <summary>Encodes lossy at <paramref name="quality"/> (0-100), or lossless when <paramref name="lossless"/> is set.</summary>
    public static byte[] Encode(RgbaImage image, int quality = 90, bool lossless = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (quality is < 0 or > 100)
        {
            throw new ImagingException(ImagingErrorReason.InvalidArgument, $"WebP quality {quality} must be 0-100.");
        }

        var api = s_api.Value;
        byte* output = null;
        nuint size;
        fixed (byte* source = image.Pixels)
        {
            size = lossless
                ? api.EncodeLosslessRgba(source, image.Width, image.Height, image.Width * 4, &output)
                : api.EncodeRgba(source, image.Width, image.Height, image.Width * 4, quality, &output);
        }

        try
        {
            if (size == 0 || output == null)
            {
                throw new ImagingException(ImagingErrorReason.NativeFailure, "libwebp could not encode the image.");
            }

            return new ReadOnlySpan<byte>(output, checked((int)size)).ToArray();
        }
        finally
        {
            if (output != null)
            {
                api.Free(output);
            }
        }
    }

    private sealed class Api(NativeLibraryLoader library)
    {
        public readonly delegate* unmanaged<byte*, nuint, int*, int*, int> GetInfo =
            (delegate* unmanaged<byte*, nuint, int*, int*, int>)library.Export("WebPGetInfo");

        public readonly delegate* unmanaged<byte*, nuint, int*, int*, byte*> DecodeRgba =
            (delegate* unmanaged<byte*, nuint, int*, int*, byte*>)library.Export("WebPDecodeRGBA");

        public readonly delegate* unmanaged<byte*, int, int, int, float, byte**, nuint> EncodeRgba =
            (delegate* unmanaged<byte*, int, int, int, float, byte**, nuint>)library.Export("WebPEncodeRGBA");

        public readonly delegate* unmanaged<byte*, int, int, int, byte**, nuint> EncodeLosslessRgba =
            (delegate* unmanaged<byte*, int, int, int, byte**, nuint>)library.Export("WebPEncodeLosslessRGBA");

        public readonly delegate* unmanaged<void*, void> Free = (delegate* unmanaged<void*, void>)library.Export("WebPFree");
    }
}
