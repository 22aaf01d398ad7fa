using System.Buffers.Binary;
using System.IO.Compression;

namespace RunwareCloud.Imaging.Tests;

public sealed class PngTests
{
    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(17, 9, true)]
    [InlineData(64, 48, false)]
    public void Png_round_trips_bit_exactly_when_encoded_and_decoded(int width, int height, bool alpha)
    {
        var image = TestImages.Gradient(width, height, alpha);

        var decoded = PngDecoder.Decode(PngEncoder.Encode(image));

        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Theory]
    [InlineData(0, 8)]
    [InlineData(0, 16)]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(0, 4)]
    [InlineData(2, 8)]
    [InlineData(2, 16)]
    [InlineData(4, 8)]
    [InlineData(6, 8)]
    [InlineData(6, 16)]
    [InlineData(3, 8)]
    [InlineData(3, 4)]
    [InlineData(3, 2)]
    [InlineData(3, 1)]
    public void Png_decodes_every_colour_type_and_bit_depth_with_every_filter(int colourType, int bitDepth)
    {
        var (png, expected) = PngWriter.Build(13, 7, colourType, bitDepth, interlaced: false);

        var decoded = PngDecoder.Decode(png);

        Assert.Equal(expected.Pixels, decoded.Pixels);
    }

    [Theory]
    [InlineData(6, 8)]
    [InlineData(0, 1)]
    [InlineData(3, 4)]
    [InlineData(2, 16)]
    public void Png_decodes_adam7_interlaced_images(int colourType, int bitDepth)
    {
        var (png, expected) = PngWriter.Build(11, 10, colourType, bitDepth, interlaced: true);

        var decoded = PngDecoder.Decode(png);

        Assert.Equal(expected.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Png_palette_uses_trns_for_alpha()
    {
        var (png, expected) = PngWriter.Build(8, 8, 3, 8, interlaced: false, transparency: true);

        var decoded = PngDecoder.Decode(png);

        Assert.Equal(expected.Pixels, decoded.Pixels);
        Assert.Contains(decoded.Pixels.Where((_, i) => i % 4 == 3), a => a < 255);
    }

    [Fact]
    public void Png_declaring_a_huge_size_is_rejected_before_allocating()
    {
        var png = PngEncoder.Encode(TestImages.Gradient(4, 4));
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 60000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 60000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.Compute(png.AsSpan(12, 17)));

        var error = Assert.Throws<ImagingException>(() => PngDecoder.Decode(png));

        Assert.Equal(ImagingErrorReason.TooLarge, error.Reason);
    }

    [Fact]
    public void Png_with_a_bad_crc_is_rejected_as_corrupt()
    {
        var png = PngEncoder.Encode(TestImages.Gradient(8, 8));
        png[^20] ^= 0xFF;

        var error = Assert.Throws<ImagingException>(() => PngDecoder.Decode(png));

        Assert.Equal(ImagingErrorReason.Corrupt, error.Reason);
    }

    [Fact]
    public void Png_zlib_bomb_stops_at_the_declared_size()
    {
        var (png, _) = PngWriter.Build(4, 4, 6, 8, interlaced: false, extraData: 20_000_000);

        var decoded = PngDecoder.Decode(png);

        Assert.Equal(4, decoded.Width);
    }

    [Fact]
    public void Png_truncated_at_every_chunk_boundary_and_inside_every_chunk_fails_with_an_imaging_exception()
    {
        var png = PngEncoder.Encode(TestImages.Gradient(40, 30));
        var cuts = new SortedSet<int> { 0, 1, 7, 8 };
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            foreach (var cut in new[] { offset, offset + 4, offset + 8, offset + 8 + (length / 2), offset + 8 + length, offset + 11 + length })
            {
                cuts.Add(cut);
            }

            offset += 12 + length;
        }

        foreach (var cut in cuts.Where(c => c < png.Length))
        {
            var error = Assert.Throws<ImagingException>(() => ImageCodec.Decode(png.AsSpan(0, cut)));
            Assert.True(error.Reason is ImagingErrorReason.Truncated or ImagingErrorReason.Corrupt or ImagingErrorReason.UnknownFormat, $"cut {cut}: {error.Reason}");
        }
    }

    [Fact]
    public void Png_encoder_writes_rgb_for_opaque_and_rgba_for_transparent_images()
    {
        var opaque = PngEncoder.Encode(TestImages.Gradient(8, 8, alpha: false));
        var transparent = PngEncoder.Encode(TestImages.Gradient(8, 8, alpha: true));

        Assert.Equal(2, PngDecoder.ReadHeader(opaque).ColorType);
        Assert.Equal(6, PngDecoder.ReadHeader(transparent).ColorType);
    }
}

/// <summary>Writes test PNGs of any colour type, bit depth and interlacing, cycling through all five filters.</summary>
internal static class PngWriter
{
    public static (byte[] Png, RgbaImage Expected) Build(int width, int height, int colourType, int bitDepth, bool interlaced, bool transparency = false, int extraData = 0)
    {
        var random = new Random(width * 31 + height + colourType * 7 + bitDepth);
        var channels = colourType switch { 0 or 3 => 1, 4 => 2, 2 => 3, _ => 4 };
        var max = (1 << bitDepth) - 1;
        var paletteSize = colourType == 3 ? Math.Min(256, 1 << bitDepth) : 0;
        var palette = Enumerable.Range(0, paletteSize * 3).Select(_ => (byte)random.Next(256)).ToArray();
        var trns = transparency ? Enumerable.Range(0, paletteSize).Select(i => (byte)(i * 255 / Math.Max(1, paletteSize - 1))).ToArray() : null;
        var samples = new int[height, width, channels];
        var expected = new RgbaImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    samples[y, x, c] = colourType == 3 ? random.Next(paletteSize) : random.Next(max + 1);
                }

                byte Scale(int v) => bitDepth == 16 ? (byte)(v >> 8) : bitDepth == 8 ? (byte)v : (byte)(v * 255 / max);
                var s = Enumerable.Range(0, channels).Select(c => samples[y, x, c]).ToArray();
                var pixel = colourType switch
                {
                    0 => (Scale(s[0]), Scale(s[0]), Scale(s[0]), (byte)255),
                    3 => (palette[s[0] * 3], palette[(s[0] * 3) + 1], palette[(s[0] * 3) + 2], trns?[s[0]] ?? (byte)255),
                    4 => (Scale(s[0]), Scale(s[0]), Scale(s[0]), Scale(s[1])),
                    2 => (Scale(s[0]), Scale(s[1]), Scale(s[2]), (byte)255),
                    _ => (Scale(s[0]), Scale(s[1]), Scale(s[2]), Scale(s[3])),
                };
                expected.SetPixel(x, y, pixel.Item1, pixel.Item2, pixel.Item3, pixel.Item4);
            }
        }

        var raw = new MemoryStream();
        var passes = interlaced
            ? new[] { (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2) }
            : new[] { (0, 0, 1, 1) };
        var filterIndex = 0;
        foreach (var (x0, y0, dx, dy) in passes)
        {
            var passWidth = (width - x0 + dx - 1) / dx;
            var passHeight = (height - y0 + dy - 1) / dy;
            if (passWidth <= 0 || passHeight <= 0)
            {
                continue;
            }

            var bpp = Math.Max(1, channels * bitDepth / 8);
            var previous = new byte[((passWidth * channels * bitDepth) + 7) / 8];
            for (var py = 0; py < passHeight; py++)
            {
                var row = new byte[previous.Length];
                var bit = 0;
                for (var px = 0; px < passWidth; px++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        var v = samples[y0 + (py * dy), x0 + (px * dx), c];
                        if (bitDepth == 16)
                        {
                            row[bit / 8] = (byte)(v >> 8);
                            row[(bit / 8) + 1] = (byte)v;
                        }
                        else if (bitDepth == 8)
                        {
                            row[bit / 8] = (byte)v;
                        }
                        else
                        {
                            row[bit / 8] |= (byte)(v << (8 - bitDepth - (bit % 8)));
                        }

                        bit += bitDepth;
                    }
                }

                var filter = (byte)(filterIndex++ % 5);
                var filtered = new byte[row.Length];
                for (var i = 0; i < row.Length; i++)
                {
                    int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
                    var p = left + up - upLeft;
                    var predictor = filter switch
                    {
                        0 => 0,
                        1 => left,
                        2 => up,
                        3 => (left + up) / 2,
                        _ => Math.Abs(p - left) <= Math.Abs(p - up) && Math.Abs(p - left) <= Math.Abs(p - upLeft) ? left : Math.Abs(p - up) <= Math.Abs(p - upLeft) ? up : upLeft,
                    };
                    filtered[i] = (byte)(row[i] - predictor);
                }

                raw.WriteByte(filter);
                raw.Write(filtered);
                previous = row;
            }
        }

        raw.Write(new byte[extraData]);
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colourType;
        ihdr[12] = (byte)(interlaced ? 1 : 0);
        Chunk(png, "IHDR", ihdr);
        if (colourType == 3)
        {
            Chunk(png, "PLTE", palette);
            if (trns is not null)
            {
                Chunk(png, "tRNS", trns);
            }
        }

        var data = compressed.ToArray();
        var half = data.Length / 2;
        Chunk(png, "IDAT", data[..half]);
        Chunk(png, "IDAT", data[half..]);
        Chunk(png, "IEND", []);
        return (png.ToArray(), expected);
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(header, 4);
        output.Write(header);
        output.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Append(Crc32.Compute(header.AsSpan(4)), data));
        output.Write(crc);
    }
}
