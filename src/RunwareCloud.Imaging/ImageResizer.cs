namespace RunwareCloud.Imaging;

public enum ResizeFilter
{
    Lanczos3,
    Bicubic,
}

/// <summary>Separable resampling (Lanczos3 or Catmull-Rom bicubic) in premultiplied alpha, so edges do not bleed colour.</summary>
public static class ImageResizer
{
    public static RgbaImage Resize(RgbaImage source, int width, int height, ResizeFilter filter = ResizeFilter.Lanczos3, ImageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        (limits ?? ImageLimits.Default).CheckDimensions(width, height);
        if (width == source.Width && height == source.Height)
        {
            return source.Clone();
        }

        var (kernel, radius) = filter == ResizeFilter.Lanczos3 ? ((Func<double, double>)Lanczos3, 3.0) : (CatmullRom, 2.0);
        var horizontal = Weights(source.Width, width, kernel, radius);
        var vertical = Weights(source.Height, height, kernel, radius);

        var premultiplied = new float[source.Pixels.Length];
        for (var i = 0; i < source.Pixels.Length; i += 4)
        {
            var a = source.Pixels[i + 3] / 255f;
            premultiplied[i] = source.Pixels[i] * a;
            premultiplied[i + 1] = source.Pixels[i + 1] * a;
            premultiplied[i + 2] = source.Pixels[i + 2] * a;
            premultiplied[i + 3] = source.Pixels[i + 3];
        }

        var temp = new float[width * source.Height * 4];
        for (var y = 0; y < source.Height; y++)
        {
            var rowOffset = y * source.Width * 4;
            for (var x = 0; x < width; x++)
            {
                var (start, weights) = horizontal[x];
                float r = 0, g = 0, b = 0, a = 0;
                for (var k = 0; k < weights.Length; k++)
                {
                    var s = rowOffset + ((start + k) * 4);
                    var w = weights[k];
                    r += premultiplied[s] * w;
                    g += premultiplied[s + 1] * w;
                    b += premultiplied[s + 2] * w;
                    a += premultiplied[s + 3] * w;
                }

                var t = ((y * width) + x) * 4;
                temp[t] = r;
                temp[t + 1] = g;
                temp[t + 2] = b;
                temp[t + 3] = a;
            }
        }

        var result = new RgbaImage(width, height);
        var pixels = result.Pixels;
        for (var y = 0; y < height; y++)
        {
            var (start, weights) = vertical[y];
            for (var x = 0; x < width; x++)
            {
                float r = 0, g = 0, b = 0, a = 0;
                for (var k = 0; k < weights.Length; k++)
                {
                    var s = (((start + k) * width) + x) * 4;
                    var w = weights[k];
                    r += temp[s] * w;
                    g += temp[s + 1] * w;
                    b += temp[s + 2] * w;
                    a += temp[s + 3] * w;
                }

                var o = ((y * width) + x) * 4;
                var alpha = Math.Clamp(a, 0f, 255f);
                var unpremultiply = alpha > 0.5f ? 255f / alpha : 0f;
                pixels[o] = ToByte(r * unpremultiply);
                pixels[o + 1] = ToByte(g * unpremultiply);
                pixels[o + 2] = ToByte(b * unpremultiply);
                pixels[o + 3] = ToByte(alpha);
            }
        }

        return result;
    }

    /// <summary>Scales to fit inside the box, keeping the aspect ratio.</summary>
    public static RgbaImage ResizeToFit(RgbaImage source, int maxWidth, int maxHeight, ResizeFilter filter = ResizeFilter.Lanczos3)
    {
        var scale = Math.Min((double)maxWidth / source.Width, (double)maxHeight / source.Height);
        return Resize(source, Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)), filter);
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value), 0, 255);

    private static (int Start, float[] Weights)[] Weights(int sourceSize, int targetSize, Func<double, double> kernel, double radius)
    {
        var scale = (double)sourceSize / targetSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = radius * filterScale;
        var result = new (int, float[])[targetSize];
        for (var i = 0; i < targetSize; i++)
        {
            var center = ((i + 0.5) * scale) - 0.5;
            var first = (int)Math.Floor(center - support);
            var last = (int)Math.Ceiling(center + support);
            var start = Math.Max(0, first);
            var end = Math.Min(sourceSize - 1, last);
            var weights = new float[end - start + 1];
            double sum = 0;
            for (var j = first; j <= last; j++)
            {
                var w = kernel((j - center) / filterScale);
                if (w == 0)
                {
                    continue;
                }

                // Samples beyond the edge repeat the edge pixel.
                var clamped = Math.Clamp(j, start, end);
                weights[clamped - start] += (float)w;
                sum += w;
            }

            if (sum != 0)
            {
                for (var k = 0; k < weights.Length; k++)
                {
                    weights[k] = (float)(weights[k] / sum);
                }
            }

            result[i] = (start, weights);
        }

        return result;
    }

    private static double Lanczos3(double x)
    {
        x = Math.Abs(x);
        if (x < 1e-8)
        {
            return 1;
        }

        if (x >= 3)
        {
            return 0;
        }

        var px = Math.PI * x;
        return 3 * Math.Sin(px) * Math.Sin(px / 3) / (px * px);
    }

    private static double CatmullRom(double x)
    {
        x = Math.Abs(x);
        return x < 1 ? (1.5 * x * x * x) - (2.5 * x * x) + 1
            : x < 2 ? (-0.5 * x * x * x) + (2.5 * x * x) - (4 * x) + 2
            : 0;
    }
}
