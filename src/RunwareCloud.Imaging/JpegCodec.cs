using System.Runtime.InteropServices;

namespace RunwareCloud.Imaging;

/// <summary>JPEG through the system libturbojpeg (Debian package libturbojpeg0), loaded on first use.</summary>
public static unsafe class JpegCodec
{
    private const int PixelFormatRgba = 7;
    private const int Subsampling420 = 2;
    private const int ErrorFatal = 1;

    private static readonly NativeLibraryLoader s_library = new("libturbojpeg.so.0", "libturbojpeg0");
    private static readonly Lazy<Api> s_api = new(() => new Api(s_library));

    public static (int Width, int Height) ReadHeader(ReadOnlySpan<byte> data)
    {
        var api = s_api.Value;
        var handle = api.InitDecompress();
        try
        {
            return ReadHeader(api, handle, data);
        }
        finally
        {
            api.Destroy(handle);
        }
    }

    public static RgbaImage Decode(ReadOnlySpan<byte> data, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        limits.CheckBytes(data.Length);
        if (ImageFormatSniffer.Sniff(data) != ImageFormat.Jpeg)
        {
            throw new ImagingException(ImagingErrorReason.UnknownFormat, "Not a JPEG file.");
        }

        var api = s_api.Value;
        var handle = api.InitDecompress();
        if (handle == IntPtr.Zero)
        {
            throw new ImagingException(ImagingErrorReason.NativeFailure, "libturbojpeg could not create a decompressor.");
        }

        try
        {
            var (width, height) = ReadHeader(api, handle, data);
            limits.CheckDimensions(width, height);
            var image = new RgbaImage(width, height);
            fixed (byte* source = data)
            fixed (byte* target = image.Pixels)
            {
                var result = api.Decompress2(handle, source, (nuint)data.Length, target, width, width * 4, height, PixelFormatRgba, 0);
                if (result != 0 && api.GetErrorCode(handle) == ErrorFatal)
                {
                    throw new ImagingException(ImagingErrorReason.Corrupt, $"The JPEG image data is corrupt: {api.ErrorText(handle)}");
                }
            }

            return image;
        }
        finally
        {
            api.Destroy(handle);
        }
    }

    public static byte[] Encode(RgbaImage image, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (quality is < 1 or > 100)
        {
            throw new ImagingException(ImagingErrorReason.InvalidArgument, $"JPEG quality {quality} must be 1-100.");
        }

        var api = s_api.Value;
        var handle = api.InitCompress();
        if (handle == IntPtr.Zero)
        {
            throw new ImagingException(ImagingErrorReason.NativeFailure, "libturbojpeg could not create a compressor.");
        }

        byte* output = null;
        try
        {
            nuint size = 0;
            fixed (byte* source = image.Pixels)
            {
                if (api.Compress2(handle, source, image.Width, image.Width * 4, image.Height, PixelFormatRgba, &output, &size, Subsampling420, quality, 0) != 0)
                {
                    throw new ImagingException(ImagingErrorReason.NativeFailure, $"libturbojpeg could not encode: {api.ErrorText(handle)}");
                }
            }

            return new ReadOnlySpan<byte>(output, checked((int)size)).ToArray();
        }
        finally
        {
            if (output != null)
            {
                api.Free(output);
            }

            api.Destroy(handle);
        }
    }

    private static (int Width, int Height) ReadHeader(Api api, IntPtr handle, ReadOnlySpan<byte> data)
    {
        int width, height, subsampling, colorspace;
        fixed (byte* source = data)
        {
            if (api.DecompressHeader3(handle, source, (nuint)data.Length, &width, &height, &subsampling, &colorspace) != 0)
            {
                throw new ImagingException(ImagingErrorReason.Corrupt, $"The JPEG header is invalid: {api.ErrorText(handle)}");
            }
        }

        return (width, height);
    }

    private sealed class Api(NativeLibraryLoader library)
    {
        public readonly delegate* unmanaged<IntPtr> InitCompress = (delegate* unmanaged<IntPtr>)library.Export("tjInitCompress");
        public readonly delegate* unmanaged<IntPtr> InitDecompress = (delegate* unmanaged<IntPtr>)library.Export("tjInitDecompress");
        public readonly delegate* unmanaged<IntPtr, int> Destroy = (delegate* unmanaged<IntPtr, int>)library.Export("tjDestroy");
        public readonly delegate* unmanaged<byte*, void> Free = (delegate* unmanaged<byte*, void>)library.Export("tjFree");
        public readonly delegate* unmanaged<IntPtr, int> GetErrorCode = (delegate* unmanaged<IntPtr, int>)library.Export("tjGetErrorCode");
        public readonly delegate* unmanaged<IntPtr, byte*> GetErrorStr2 = (delegate* unmanaged<IntPtr, byte*>)library.Export("tjGetErrorStr2");

        public readonly delegate* unmanaged<IntPtr, byte*, int, int, int, int, byte**, nuint*, int, int, int, int> Compress2 =
            (delegate* unmanaged<IntPtr, byte*, int, int, int, int, byte**, nuint*, int, int, int, int>)library.Export("tjCompress2");

        public readonly delegate* unmanaged<IntPtr, byte*, nuint, int*, int*, int*, int*, int> DecompressHeader3 =
            (delegate* unmanaged<IntPtr, byte*, nuint, int*, int*, int*, int*, int>)library.Export("tjDecompressHeader3");

        public readonly delegate* unmanaged<IntPtr, byte*, nuint, byte*, int, int, int, int, int, int> Decompress2 =
            (delegate* unmanaged<IntPtr, byte*, nuint, byte*, int, int, int, int, int, int>)library.Export("tjDecompress2");

        public string ErrorText(IntPtr handle) => Marshal.PtrToStringAnsi((IntPtr)GetErrorStr2(handle)) ?? "unknown error";
    }
}
