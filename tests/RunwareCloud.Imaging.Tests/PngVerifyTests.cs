using System.Buffers.Binary;
using System.IO.Compression;

namespace RunwareCloud.Imaging.Tests;

public sealed class PngVerifyTests
{
    [Theory]
    [InlineData(6, 8, false)]
    [InlineData(2, 16, false)]
    [InlineData(0, 1, true)]
    [InlineData(4, 8, true)]
    [InlineData(3, 4, false)]
    public void Verify_accepts_what_Decode_decodes_and_returns_its_header(int colourType, int bitDepth, bool interlaced)
    {
        var (png, expected) = PngWriter.Build(13, 9, colourType, bitDepth, interlaced);

        var header = PngDecoder.Verify(png);

        Assert.Equal((expected.Width, expected.Height, colourType, bitDepth, interlaced),
            (header.Width, header.Height, header.ColorType, header.BitDepth, header.Interlaced));
    }

    [Fact]
    public void Verify_rejects_a_row_with_an_unknown_filter_as_Decode_does()
    {
        var png = RewriteImageData(PngEncoder.Encode(TestImages.Gradient(8, 8)), raw => { raw[0] = 7; return raw; }, recompress: true);

        var decoding = Assert.Throws<ImagingException>(() => PngDecoder.Decode(png));
        var verifying = Assert.Throws<ImagingException>(() => PngDecoder.Verify(png));

        Assert.Equal(ImagingErrorReason.Corrupt, decoding.Reason);
        Assert.Equal(decoding.Reason, verifying.Reason);
    }

    // Chunk CRCs catch any change to the bytes as they are, so the mutations are made inside the image data (the zlib
    // stream, or the scanlines under it) and the CRC is made right again: what is left to catch is what Verify checks.
    [Fact]
    public void Verify_and_Decode_agree_on_two_thousand_pngs_with_damaged_image_data()
    {
        var random = new Random(20261203);
        var originals = new[]
        {
            PngEncoder.Encode(TestImages.Gradient(24, 16)),
            PngWriter.Build(9, 7, 3, 4, interlaced: true, transparency: true).Png,
            PngWriter.Build(10, 6, 0, 16, interlaced: false).Png,
            PngWriter.Build(12, 5, 2, 8, interlaced: true).Png,
        };
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < 2000; i++)
        {
            var original = originals[i % originals.Length];
            var damaged = (i / originals.Length % 3) switch
            {
                0 => RewriteImageData(original, zlib => Flip(zlib, random), recompress: false),
                1 => RewriteImageData(original, raw => Flip(raw, random), recompress: true),
                _ => RewriteImageData(original, raw => raw[..random.Next(raw.Length)], recompress: true),
            };

            var decoded = Outcome(() => PngDecoder.Decode(damaged));
            Assert.Equal(decoded, Outcome(() => PngDecoder.Verify(damaged)));
            outcomes[decoded] = outcomes.GetValueOrDefault(decoded) + 1;
        }

        Assert.True(outcomes.ContainsKey("ok") && outcomes.Count > 1, string.Join(", ", outcomes));
    }

    private static byte[] Flip(byte[] bytes, Random random)
    {
        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        return bytes;
    }

    private static string Outcome(Action action)
    {
        try
        {
            action();
            return "ok";
        }
        catch (ImagingException exception)
        {
            return exception.Reason.ToString();
        }
    }

    /// <summary>
    /// The PNG with its (single) IDAT chunk's body rewritten, as zlib bytes or, with <paramref name="recompress"/>, as the
    /// inflated scanlines, and its CRC made right again.
    /// </summary>
    private static byte[] RewriteImageData(byte[] png, Func<byte[], byte[]> rewrite, bool recompress)
    {
        var at = 8;
        while (!png.AsSpan(at + 4, 4).SequenceEqual("IDAT"u8))
        {
            at += 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
        var body = png.AsSpan(at + 8, length).ToArray();
        if (recompress)
        {
            using var inflated = new MemoryStream();
            using (var zlib = new ZLibStream(new MemoryStream(body), CompressionMode.Decompress))
            {
                zlib.CopyTo(inflated);
            }

            using var deflated = new MemoryStream();
            using (var zlib = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(rewrite(inflated.ToArray()));
            }

            body = deflated.ToArray();
        }
        else
        {
            body = rewrite(body);
        }

        var chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length);
        "IDAT"u8.CopyTo(chunk.AsSpan(4));
        body.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + body.Length), Crc32.Compute(chunk.AsSpan(4, 4 + body.Length)));
        return [.. png[..at], .. chunk, .. png[(at + 12 + length)..]];
    }
}
