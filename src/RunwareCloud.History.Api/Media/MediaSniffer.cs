using System.Buffers.Binary;
using RunwareCloud.Imaging;

namespace RunwareCloud.History.Api.Media;

/// <summary>Recognises the formats history stores from their leading bytes: images through Imaging, video containers here.</summary>
public static class MediaSniffer
{
    public static MediaType? Sniff(ReadOnlySpan<byte> header) => ImageFormatSniffer.Sniff(header) switch
    {
        ImageFormat.Png => MediaType.Png,
        ImageFormat.Jpeg => MediaType.Jpeg,
        ImageFormat.WebP => MediaType.WebP,
        ImageFormat.Gif => MediaType.Gif,
        _ => SniffVideo(header),
    };

    /// <summary>Reads an image's declared width and height; throws <see cref="ImagingException"/> when the header is bad.</summary>
    public static (int Width, int Height) ReadDimensions(MediaType type, ReadOnlySpan<byte> header)
    {
        if (type == MediaType.Gif)
        {
            return header.Length >= 10
                ? (BinaryPrimitives.ReadUInt16LittleEndian(header[6..]), BinaryPrimitives.ReadUInt16LittleEndian(header[8..]))
                : throw new ImagingException(ImagingErrorReason.Truncated, "The GIF header is truncated.");
        }

        var (_, width, height) = ImageCodec.Identify(header);
        return (width, height);
    }

    /// <summary>True when a file ends the way a complete file of its format must (catches truncated downloads early).</summary>
    public static bool HasCompleteTrailer(MediaType type, ReadOnlySpan<byte> tail) => type.Format switch
    {
        "png" => tail.Length >= 12 && tail[^8..^4].SequenceEqual("IEND"u8),
        "jpeg" => tail.Length >= 2 && tail[^2] == 0xFF && tail[^1] == 0xD9,
        "gif" => tail.Length >= 1 && tail[^1] == 0x3B,
        _ => true,
    };

    private static MediaType? SniffVideo(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 12 && header[4..8].SequenceEqual("ftyp"u8))
        {
            return MediaType.Mp4;
        }

        if (header.Length >= 4 && header[..4].SequenceEqual((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return MediaType.WebM;
        }

        return null;
    }
}
