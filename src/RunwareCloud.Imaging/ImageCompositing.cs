namespace RunwareCloud.Imaging;

/// <summary>Porter-Duff source-over and simple blends on straight-alpha RGBA images.</summary>
public static class ImageCompositing
{
    /// <summary>Draws <paramref name="foreground"/> over <paramref name="background"/> at (x, y), in place; parts outside are clipped.</summary>
    public static void DrawOver(RgbaImage background, RgbaImage foreground, int x = 0, int y = 0)
    {
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(foreground);
        var dst = background.Pixels;
        var src = foreground.Pixels;
        for (var fy = Math.Max(0, -y); fy < foreground.Height && fy + y < background.Height; fy++)
        {
            for (var fx = Math.Max(0, -x); fx < foreground.Width && fx + x < background.Width; fx++)
            {
                var s = ((fy * foreground.Width) + fx) * 4;
                var d = (((fy + y) * background.Width) + fx + x) * 4;
                Over(src, s, dst, d);
            }
        }
    }

    /// <summary>A new opaque image: <paramref name="image"/> composited over a solid colour.</summary>
    public static RgbaImage Flatten(RgbaImage image, byte r, byte g, byte b)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new RgbaImage(image.Width, image.Height);
        var dst = result.Pixels;
        for (var i = 0; i < dst.Length; i += 4)
        {
            dst[i] = r;
            dst[i + 1] = g;
            dst[i + 2] = b;
            dst[i + 3] = 255;
            Over(image.Pixels, i, dst, i);
        }

        return result;
    }

    /// <summary>Per-pixel linear mix: 0 keeps <paramref name="from"/>, 1 gives <paramref name="to"/>.</summary>
    public static RgbaImage Mix(RgbaImage from, RgbaImage to, double amount)
    {
        RequireSameSize(from, to);
        var t = Math.Clamp(amount, 0, 1);
        var result = new RgbaImage(from.Width, from.Height);
        for (var i = 0; i < result.Pixels.Length; i++)
        {
            result.Pixels[i] = (byte)Math.Round((from.Pixels[i] * (1 - t)) + (to.Pixels[i] * t));
        }

        return result;
    }

    /// <summary>Takes <paramref name="inside"/> where the mask is bright and <paramref name="outside"/> where it is dark.</summary>
    public static RgbaImage MaskedMix(RgbaImage outside, RgbaImage inside, RgbaImage mask)
    {
        RequireSameSize(outside, inside);
        RequireSameSize(outside, mask);
        var result = new RgbaImage(outside.Width, outside.Height);
        for (var i = 0; i < result.Pixels.Length; i += 4)
        {
            var m = (mask.Pixels[i] + mask.Pixels[i + 1] + mask.Pixels[i + 2]) / (3.0 * 255) * (mask.Pixels[i + 3] / 255.0);
            for (var c = 0; c < 4; c++)
            {
                result.Pixels[i + c] = (byte)Math.Round((outside.Pixels[i + c] * (1 - m)) + (inside.Pixels[i + c] * m));
            }
        }

        return result;
    }

    private static void Over(byte[] src, int s, byte[] dst, int d)
    {
        var sa = src[s + 3] / 255.0;
        if (sa <= 0)
        {
            return;
        }

        var da = dst[d + 3] / 255.0;
        var outA = sa + (da * (1 - sa));
        for (var c = 0; c < 3; c++)
        {
            var value = ((src[s + c] * sa) + (dst[d + c] * da * (1 - sa))) / outA;
            dst[d + c] = (byte)Math.Clamp(Math.Round(value), 0, 255);
        }

        dst[d + 3] = (byte)Math.Clamp(Math.Round(outA * 255), 0, 255);
    }

    private static void RequireSameSize(RgbaImage a, RgbaImage b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ImagingException(ImagingErrorReason.InvalidArgument, $"Images differ in size: {a.Width}x{a.Height} and {b.Width}x{b.Height}.");
        }
    }
}
