namespace RunwareCloud.Runware.Emulator.Synthesis;

/// <summary>A colour with channels in 0..1.</summary>
public readonly record struct Rgb(double R, double G, double B)
{
    public static Rgb Lerp(Rgb a, Rgb b, double t) => new(a.R + ((b.R - a.R) * t), a.G + ((b.G - a.G) * t), a.B + ((b.B - a.B) * t));

    public Rgb Scale(double factor) => new(R * factor, G * factor, B * factor);

    public static Rgb FromHsv(double hue, double saturation, double value)
    {
        hue = ((hue % 1) + 1) % 1 * 6;
        var i = (int)Math.Floor(hue);
        var f = hue - i;
        double p = value * (1 - saturation), q = value * (1 - (saturation * f)), t = value * (1 - (saturation * (1 - f)));
        return i switch
        {
            0 => new(value, t, p),
            1 => new(q, value, p),
            2 => new(p, value, t),
            3 => new(p, q, value),
            4 => new(t, p, value),
            _ => new(value, p, q),
        };
    }

    public (double Hue, double Saturation, double Value) ToHsv()
    {
        var max = Math.Max(R, Math.Max(G, B));
        var min = Math.Min(R, Math.Min(G, B));
        var delta = max - min;
        double hue = 0;
        if (delta > 1e-9)
        {
            hue = max == R ? ((G - B) / delta) % 6 : max == G ? ((B - R) / delta) + 2 : ((R - G) / delta) + 4;
            hue = ((hue / 6) + 1) % 1;
        }

        return (hue, max <= 0 ? 0 : delta / max, max);
    }

    public Rgb Saturate(double factor)
    {
        var grey = (R * 0.299) + (G * 0.587) + (B * 0.114);
        return new(grey + ((R - grey) * factor), grey + ((G - grey) * factor), grey + ((B - grey) * factor));
    }
}
