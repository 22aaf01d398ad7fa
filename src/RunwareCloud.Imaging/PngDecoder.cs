using System.Buffers.Binary;
using System.IO.Compression;

namespace RunwareCloud.Imaging;

/// <summary>
/// Managed PNG decoder: grey, grey+alpha, RGB, RGBA and palette (with tRNS) at every legal bit depth, all five filters,
/// Adam7 interlacing. Chunk CRCs are verified; the declared size is checked against <see cref="ImageLimits"/> before any
/// pixel buffer exists, and scanlines are inflated one at a time so a zlib bomb cannot grow past the declared image.
/// </summary>
public static class PngDecoder
{
    private const int ColorGray = 0;
    private const int ColorRgb = 2;
    private const int ColorPalette = 3;
    private const int ColorGrayAlpha = 4;
    private const int ColorRgba = 6;

    private static readonly (int X, int Y, int Dx, int Dy)[] s_adam7 =
    [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ];

    public readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColorType, bool Interlaced);

    /// <summary>Reads only the signature and IHDR.</summary>
    public static PngHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        if (ImageFormatSniffer.Sniff(data) != ImageFormat.Png)
        {
            throw new ImagingException(ImagingErrorReason.UnknownFormat, "Not a PNG file (bad signature).");
        }

        if (data.Length < 8 + 8 + 13 + 4)
        {
            throw new ImagingException(ImagingErrorReason.Truncated, "The PNG ends before its header.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        if (length != 13 || !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new ImagingException(ImagingErrorReason.Corrupt, "The PNG does not start with a valid IHDR chunk.");
        }

        var ihdr = data.Slice(16, 13);
        if (Crc32.Compute(data.Slice(12, 17)) != BinaryPrimitives.ReadUInt32BigEndian(data[29..]))
        {
            throw new ImagingException(ImagingErrorReason.Corrupt, "The PNG IHDR chunk has a bad CRC.");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        var height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        int bitDepth = ihdr[8], colorType = ihdr[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw new ImagingException(ImagingErrorReason.Corrupt, $"The PNG declares an invalid size {width}x{height}.");
        }

        var validDepth = colorType switch
        {
            ColorGray => bitDepth is 1 or 2 or 4 or 8 or 16,
            ColorPalette => bitDepth is 1 or 2 or 4 or 8,
            ColorRgb or ColorGrayAlpha or ColorRgba => bitDepth is 8 or 16,
            _ => throw new ImagingException(ImagingErrorReason.Corrupt, $"The PNG declares unknown colour type {colorType}."),
        };
        if (!validDepth)
        {
            throw new ImagingException(ImagingErrorReason.Corrupt, $"The PNG declares bit depth {bitDepth}, invalid for colour type {colorType}.");
        }

        if (ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1)
        {
            throw new ImagingException(ImagingErrorReason.Unsupported, "The PNG uses an unknown compression, filter or interlace method.");
        }

        return new PngHeader((int)width, (int)height, bitDepth, colorType, ihdr[12] == 1);
    }

    public static RgbaImage Decode(ReadOnlySpan<byte> data, ImageLimits? limits = null)
    {
        var header = CheckedHeader(data, limits);
        try
        {
            return DecodeBody(data, header);
        }
        catch (Exception e) when (IsCorruptData(e))
        {
            throw CorruptData(e);
        }
    }

    /// <summary>
    /// Checks a PNG as thoroughly as <see cref="Decode"/> does (every chunk's CRC, the whole zlib stream, a known filter on
    /// every row, all the declared image data) without producing pixels: for bytes that are kept as they are.
    /// </summary>
    public static PngHeader Verify(ReadOnlySpan<byte> data, ImageLimits? limits = null)
    {
        var header = CheckedHeader(data, limits);
        try
        {
            VerifyBody(data, header);
            return header;
        }
        catch (Exception e) when (IsCorruptData(e))
        {
            throw CorruptData(e);
        }
    }

    private static PngHeader CheckedHeader(ReadOnlySpan<byte> data, ImageLimits? limits)
    {
        limits ??= ImageLimits.Default;
        limits.CheckBytes(data.Length);
        var header = ReadHeader(data);
        limits.CheckDimensions(header.Width, header.Height);
        return header;
    }

    private static bool IsCorruptData(Exception e) =>
        e is InvalidDataException or EndOfStreamException or IOException or ArgumentException or IndexOutOfRangeException or OverflowException;

    private static ImagingException CorruptData(Exception e) =>
        new(ImagingErrorReason.Corrupt, $"The PNG image data is corrupt: {e.Message}", e);

    private static (MemoryStream Idat, byte[]? Palette, byte[]? Transparency) ReadChunks(ReadOnlySpan<byte> data, PngHeader header)
    {
        byte[]? palette = null;
        byte[]? transparency = null;
        var idat = new MemoryStream();
        var sawEnd = false;
        var offset = 8;
        while (offset < data.Length)
        {
            if (data.Length - offset < 12)
            {
                throw new ImagingException(ImagingErrorReason.Truncated, "The PNG ends inside a chunk header.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
            if (length > int.MaxValue || length > data.Length - offset - 12)
            {
                throw new ImagingException(ImagingErrorReason.Truncated, "A PNG chunk runs past the end of the file.");
            }

            var type = data.Slice(offset + 4, 4);
            var body = data.Slice(offset + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 8 + (int)length)..]);
            if (Crc32.Compute(data.Slice(offset + 4, (int)length + 4)) != crc)
            {
                throw new ImagingException(ImagingErrorReason.Corrupt, $"The PNG chunk {System.Text.Encoding.ASCII.GetString(type)} has a bad CRC.");
            }

            offset += 12 + (int)length;
            if (type.SequenceEqual("PLTE"u8))
            {
                if (length % 3 != 0 || length == 0 || length > 768)
                {
                    throw new ImagingException(ImagingErrorReason.Corrupt, "The PNG palette has an invalid length.");
                }

                palette = body.ToArray();
            }
            else if (type.SequenceEqual("tRNS"u8))
            {
                transparency = body.ToArray();
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                idat.Write(body);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
                break;
            }
            else if ((type[0] & 0x20) == 0 && !type.SequenceEqual("IHDR"u8))
            {
                throw new ImagingException(ImagingErrorReason.Unsupported, $"The PNG has an unknown critical chunk {System.Text.Encoding.ASCII.GetString(type)}.");
            }
        }

        if (!sawEnd)
        {
            throw new ImagingException(ImagingErrorReason.Truncated, "The PNG has no IEND chunk.");
        }

        if (idat.Length == 0)
        {
            throw new ImagingException(ImagingErrorReason.Corrupt, "The PNG has no image data.");
        }

        if (header.ColorType == ColorPalette && palette is null)
        {
            throw new ImagingException(ImagingErrorReason.Corrupt, "The palette PNG has no PLTE chunk.");
        }

        idat.Position = 0;
        return (idat, palette, transparency);
    }

    private static RgbaImage DecodeBody(ReadOnlySpan<byte> data, PngHeader header)
    {
        var (idat, palette, transparency) = ReadChunks(data, header);
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var image = new RgbaImage(header.Width, header.Height);
        var converter = new RowConverter(header, palette, transparency);
        var bytesPerPixel = Math.Max(1, BitsPerPixel(header) / 8);
        foreach (var pass in Passes(header))
        {
            // Each row arrives as its filter byte followed by the filtered samples, read in one call.
            var previous = new byte[1 + RowBytes(header, pass.Width)];
            var current = new byte[previous.Length];
            for (var row = 0; row < pass.Height; row++)
            {
                ReadFully(zlib, current);
                Unfilter(current[0], current.AsSpan(1), previous.AsSpan(1), bytesPerPixel);
                converter.Convert(current.AsSpan(1), image, pass.X, pass.Y + (row * pass.Dy), pass.Dx, pass.Width);
                (previous, current) = (current, previous);
            }
        }

        return image;
    }

    private static void VerifyBody(ReadOnlySpan<byte> data, PngHeader header)
    {
        if (header.ColorType == ColorPalette)
        {
            // Only unfiltered samples show an index past the end of the palette.
            DecodeBody(data, header);
            return;
        }

        var (idat, _, _) = ReadChunks(data, header);
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        foreach (var pass in Passes(header))
        {
            var row = new byte[1 + RowBytes(header, pass.Width)];
            for (var y = 0; y < pass.Height; y++)
            {
                ReadFully(zlib, row);
                if (row[0] > 4)
                {
                    throw new ImagingException(ImagingErrorReason.Corrupt, $"The PNG uses unknown filter type {row[0]}.");
                }
            }
        }
    }

    /// <summary>The whole image, or the seven Adam7 passes that are not empty.</summary>
    private static IEnumerable<(int X, int Y, int Dx, int Dy, int Width, int Height)> Passes(PngHeader header)
    {
        if (!header.Interlaced)
        {
            yield return (0, 0, 1, 1, header.Width, header.Height);
            yield break;
        }

        foreach (var (x, y, dx, dy) in s_adam7)
        {
            var width = (header.Width - x + dx - 1) / dx;
            var height = (header.Height - y + dy - 1) / dy;
            if (width > 0 && height > 0)
            {
                yield return (x, y, dx, dy, width, height);
            }
        }
    }

    private static int BitsPerPixel(PngHeader header) => header.BitDepth * header.ColorType switch
    {
        ColorGray or ColorPalette => 1,
        ColorGrayAlpha => 2,
        ColorRgb => 3,
        _ => 4,
    };

    private static int RowBytes(PngHeader header, int width) => (int)(((long)width * BitsPerPixel(header) + 7) / 8);

    private static void ReadFully(Stream stream, Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var read = stream.Read(buffer);
            if (read == 0)
            {
                throw new ImagingException(ImagingErrorReason.Truncated, "The PNG image data ends early.");
            }

            buffer = buffer[read..];
        }
    }

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (var i = bpp; i < row.Length; i++)
                {
                    row[i] += row[i - bpp];
                }

                break;
            case 2:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                break;
            case 3:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= bpp ? row[i - bpp] : 0;
                    row[i] += (byte)((left + previous[i]) >> 1);
                }

                break;
            case 4:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= bpp ? row[i - bpp] : (byte)0;
                    var upLeft = i >= bpp ? previous[i - bpp] : (byte)0;
                    row[i] += PngFilters.Paeth(left, previous[i], upLeft);
                }

                break;
            default:
                throw new ImagingException(ImagingErrorReason.Corrupt, $"The PNG uses unknown filter type {filter}.");
        }
    }

    private sealed class RowConverter(PngHeader header, byte[]? palette, byte[]? transparency)
    {
        public void Convert(ReadOnlySpan<byte> row, RgbaImage image, int x0, int y, int dx, int count)
        {
            var pixels = image.Pixels;
            var depth = header.BitDepth;
            for (var i = 0; i < count; i++)
            {
                var o = ((y * image.Width) + x0 + (i * dx)) * 4;
                switch (header.ColorType)
                {
                    case ColorGray:
                    {
                        var raw = Sample(row, i, depth);
                        var v = Scale(raw, depth);
                        pixels[o] = pixels[o + 1] = pixels[o + 2] = v;
                        pixels[o + 3] = transparency is { Length: >= 2 } && raw == ((transparency[0] << 8) | transparency[1]) ? (byte)0 : (byte)255;
                        break;
                    }

                    case ColorPalette:
                    {
                        var index = Sample(row, i, depth);
                        if ((index * 3) + 2 >= palette!.Length)
                        {
                            throw new ImagingException(ImagingErrorReason.Corrupt, $"The PNG uses palette index {index} beyond its palette.");
                        }

                        pixels[o] = palette[index * 3];
                        pixels[o + 1] = palette[(index * 3) + 1];
                        pixels[o + 2] = palette[(index * 3) + 2];
                        pixels[o + 3] = transparency is not null && index < transparency.Length ? transparency[index] : (byte)255;
                        break;
                    }

                    case ColorGrayAlpha:
                    {
                        var step = depth / 8;
                        var v = row[i * 2 * step];
                        pixels[o] = pixels[o + 1] = pixels[o + 2] = v;
                        pixels[o + 3] = row[(i * 2 * step) + step];
                        break;
                    }

                    case ColorRgb:
                    {
                        var step = depth / 8;
                        var p = i * 3 * step;
                        pixels[o] = row[p];
                        pixels[o + 1] = row[p + step];
                        pixels[o + 2] = row[p + (2 * step)];
                        pixels[o + 3] = 255;
                        if (transparency is { Length: >= 6 })
                        {
                            var match = step == 1
                                ? row[p] == transparency[1] && row[p + 1] == transparency[3] && row[p + 2] == transparency[5]
                                : row.Slice(p, 6).SequenceEqual(transparency.AsSpan(0, 6));
                            if (match)
                            {
                                pixels[o + 3] = 0;
                            }
                        }

                        break;
                    }

                    default:
                    {
                        var step = depth / 8;
                        var p = i * 4 * step;
                        pixels[o] = row[p];
                        pixels[o + 1] = row[p + step];
                        pixels[o + 2] = row[p + (2 * step)];
                        pixels[o + 3] = row[p + (3 * step)];
                        break;
                    }
                }
            }
        }

        private static int Sample(ReadOnlySpan<byte> row, int index, int depth)
        {
            if (depth == 8)
            {
                return row[index];
            }

            if (depth == 16)
            {
                return (row[index * 2] << 8) | row[(index * 2) + 1];
            }

            var bit = index * depth;
            var shift = 8 - depth - (bit % 8);
            return (row[bit / 8] >> shift) & ((1 << depth) - 1);
        }

        private static byte Scale(int value, int depth) => depth switch
        {
            16 => (byte)(value >> 8),
            8 => (byte)value,
            _ => (byte)(value * 255 / ((1 << depth) - 1)),
        };
    }
}
