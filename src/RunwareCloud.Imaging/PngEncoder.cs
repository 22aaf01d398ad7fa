using System.Buffers.Binary;
using System.IO.Compression;

namespace RunwareCloud.Imaging;

/// <summary>Managed PNG encoder: 8-bit RGB when the image is opaque, RGBA otherwise; adaptive per-row filters.</summary>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(RgbaImage image, CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentNullException.ThrowIfNull(image);
        var opaque = image.IsOpaque();
        var channels = opaque ? 3 : 4;
        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], image.Height);
        ihdr[8] = 8;
        ihdr[9] = (byte)(opaque ? 2 : 6);
        WriteChunk(output, "IHDR"u8, ihdr);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
            {
                var rowBytes = image.Width * channels;
                var previous = new byte[rowBytes];
                var current = new byte[rowBytes];
                var candidate = new byte[rowBytes + 1];
                var best = new byte[rowBytes + 1];
                for (var y = 0; y < image.Height; y++)
                {
                    var source = image.Row(y);
                    if (opaque)
                    {
                        for (int x = 0, s = 0, d = 0; x < image.Width; x++, s += 4, d += 3)
                        {
                            current[d] = source[s];
                            current[d + 1] = source[s + 1];
                            current[d + 2] = source[s + 2];
                        }
                    }
                    else
                    {
                        source.CopyTo(current);
                    }

                    var bestScore = long.MaxValue;
                    for (var filter = PngRowFilters.None; filter <= PngRowFilters.Paeth; filter++)
                    {
                        var score = PngRowFilters.Apply(filter, current, previous, channels, candidate);
                        if (score < bestScore)
                        {
                            bestScore = score;
                            (best, candidate) = (candidate, best);
                        }
                    }

                    zlib.Write(best);
                    (previous, current) = (current, previous);
                }
            }

            WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }

        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(type), data));
        output.Write(word);
    }
}
