using RunwareCloud.Imaging;

namespace RunwareCloud.Runware.Emulator.Synthesis;

/// <summary>
/// Paints a deterministic picture from (prompt, seed, size, model): a gradient sky with a soft sun, three layers of
/// hills and a shaded subject blob standing clear of the borders (so background removal finds it). Same inputs, same pixels.
/// </summary>
public static class SceneSynthesizer
{
    /// <summary>Past this exponent a Gaussian term is below 1e-13 and cannot change a byte; skipping it skips the exp.</summary>
    private const double NegligibleFalloff = 30;

    /// <summary>How far the subject's outline swings out from its radius, as fractions of it (the sines' amplitudes).</summary>
    private const double BoxWobble = 0.02, LobeDepth = 0.12, RippleDepth = 0.06;

    private static readonly string[] s_boxWords = ["house", "building", "robot", "car", "box", "castle", "tower", "cabin", "train"];

    public static RgbaImage Render(string prompt, long seed, int width, int height, string model, double time = 0)
    {
        var palette = ScenePalette.FromPrompt(prompt);
        var words = StableHash.Words(prompt);
        var random = new Random(unchecked((int)StableHash.Of($"{string.Join(' ', words)}|{seed}|{model}")));
        var style = StableHash.Unit("model:" + model);
        var saturation = 0.9 + (style * 0.25);
        var vignette = 0.08 + (StableHash.Unit("vignette:" + model) * 0.2);
        var boxy = words.Any(s_boxWords.Contains);

        var aspect = (double)width / height;
        var sunX = 0.15 + (random.NextDouble() * 0.7) + (0.1 * Math.Sin(time * Math.Tau));
        var sunY = 0.12 + (random.NextDouble() * 0.18);
        var sunRadius = 0.07 + (random.NextDouble() * 0.06);

        var layers = new (double Base, double A1, double F1, double P1, double A2, double F2, double P2, double Speed)[3];
        for (var k = 0; k < 3; k++)
        {
            layers[k] = (0.56 + (k * 0.12) + (random.NextDouble() * 0.04), 0.03 + (random.NextDouble() * 0.04), 0.6 + (random.NextDouble() * 1.4),
                random.NextDouble(), 0.01 + (random.NextDouble() * 0.02), 2 + (random.NextDouble() * 3), random.NextDouble(), 0.05 * (k + 1));
        }

        var horizons = new double[3, width];
        for (var k = 0; k < 3; k++)
        {
            var l = layers[k];
            for (var x = 0; x < width; x++)
            {
                var u = (double)x / width;
                horizons[k, x] = l.Base + (l.A1 * Math.Sin(Math.Tau * ((l.F1 * u) + l.P1 + (time * l.Speed)))) + (l.A2 * Math.Sin(Math.Tau * ((l.F2 * u) + l.P2)));
            }
        }

        var minSide = Math.Min(width, height);
        var radius = (0.16 + (random.NextDouble() * 0.06)) * minSide;
        var centerX = ((0.38 + (random.NextDouble() * 0.24)) * width) + (0.12 * width * Math.Sin(time * Math.Tau));
        var centerY = (0.5 + (random.NextDouble() * 0.12)) * height;
        centerX = Math.Clamp(centerX, (radius * 1.3) + 2, width - (radius * 1.3) - 2);
        centerY = Math.Clamp(centerY, (radius * 1.3) + 2, height - (radius * 1.3) - 2);
        var phase1 = random.NextDouble() * Math.Tau;
        var phase2 = random.NextDouble() * Math.Tau;
        var lobes = 2 + random.Next(4);
        double Edge(double angle) => radius * (1 + (boxy
            ? BoxWobble * Math.Sin(4 * angle)
            : (LobeDepth * Math.Sin((lobes * angle) + phase1)) + (RippleDepth * Math.Sin((5 * angle) + phase2))));
        var farthestEdge = 1 + (boxy ? BoxWobble : LobeDepth + RippleDepth);

        var image = new RgbaImage(width, height);
        var pixels = image.Pixels;
        for (var y = 0; y < height; y++)
        {
            var v = (double)y / height;
            var sky = Rgb.Lerp(palette.SkyTop, palette.SkyBottom, Math.Pow(v, 0.8));
            var dv = v - sunY;
            var nearSubjectRow = Math.Abs(y - centerY) < radius * 1.6;
            for (var x = 0; x < width; x++)
            {
                var u = (double)x / width;
                var colour = sky;
                var du = (u - sunX) * aspect;
                var sunDistance = ((du * du) + (dv * dv)) / (sunRadius * sunRadius);
                if (sunDistance < 10)
                {
                    colour = Rgb.Lerp(colour, palette.Sun, Math.Exp(-sunDistance * 1.6) * 0.92);
                }

                for (var k = 0; k < 3; k++)
                {
                    var depth = (v - horizons[k, x]) * height;
                    if (depth > -1)
                    {
                        var shade = 1 - (Math.Min(1, (v - horizons[k, x]) * 2) * 0.25);
                        colour = Rgb.Lerp(colour, palette.Ground[k].Scale(shade), Math.Clamp(depth + 0.5, 0, 1));
                    }
                }

                var sx = x - centerX;
                var sy = y - centerY;
                if (!nearSubjectRow || Math.Abs(sx) > radius * 2.7)
                {
                    Write(pixels, ((y * width) + x) * 4, colour, u - 0.5, v - 0.5, saturation, vignette);
                    continue;
                }

                var shadowDy = (y - (centerY + (radius * 0.95))) / (radius * 0.22);
                var shadowDx = sx / (radius * 1.15);
                var shadowFalloff = (shadowDx * shadowDx) + (shadowDy * shadowDy);
                if (shadowFalloff < NegligibleFalloff)
                {
                    colour = colour.Scale(1 - (0.35 * Math.Exp(-shadowFalloff)));
                }

                var distance = boxy ? Math.Max(Math.Abs(sx) * 1.1, Math.Abs(sy)) : Math.Sqrt((sx * sx) + (sy * sy));
                // A crisp, outlined contour: an anti-aliased edge running nearly along a row fades over many pixels,
                // and background removal would flood through that fade into the subject.
                if (distance <= radius * farthestEdge && Edge(Math.Atan2(sy, sx)) is var edge && distance <= edge)
                {
                    var light = 0.82 + (0.32 * Math.Clamp(-(sx + sy) / (radius * 1.6), -1, 1));
                    var body = palette.Subject.Scale(light);
                    var hx = sx + (radius * 0.35);
                    var hy = sy + (radius * 0.4);
                    var highlight = Math.Exp(-((hx * hx) + (hy * hy)) / (radius * radius * 0.05));
                    body = Rgb.Lerp(body, new Rgb(1, 1, 1), highlight * 0.45);
                    colour = edge - distance < Math.Max(1.5, minSide / 300.0) ? body.Scale(0.55) : body;
                }

                Write(pixels, ((y * width) + x) * 4, colour, u - 0.5, v - 0.5, saturation, vignette);
            }
        }

        return image;
    }

    private static void Write(byte[] pixels, int offset, Rgb colour, double cu, double cv, double saturation, double vignette)
    {
        colour = colour.Saturate(saturation).Scale(1 - (vignette * ((cu * cu) + (cv * cv)) * 2));
        pixels[offset] = ToByte(colour.R);
        pixels[offset + 1] = ToByte(colour.G);
        pixels[offset + 2] = ToByte(colour.B);
        pixels[offset + 3] = 255;
    }

    private static byte ToByte(double value) => (byte)Math.Clamp((int)Math.Round(value * 255), 0, 255);
}
