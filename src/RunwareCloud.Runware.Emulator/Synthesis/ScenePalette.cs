namespace RunwareCloud.Runware.Emulator.Synthesis;

/// <summary>The colours of a scene, chosen from the prompt's words (themes, colour words) and a hash of the rest.</summary>
public sealed record ScenePalette(Rgb SkyTop, Rgb SkyBottom, Rgb Sun, Rgb[] Ground, Rgb Subject, string Theme)
{
    private static readonly (string Theme, string[] Words, ScenePalette Palette)[] s_themes =
    [
        ("warm", ["sunset", "sunrise", "dusk", "dawn", "fire", "autumn", "evening", "golden", "volcano", "lava"],
            new(new(0.36, 0.16, 0.45), new(1.0, 0.56, 0.26), new(1.0, 0.88, 0.55), [new(0.50, 0.22, 0.27), new(0.33, 0.13, 0.21), new(0.19, 0.07, 0.12)], new(0.10, 0.62, 0.66), "warm")),
        ("forest", ["forest", "tree", "trees", "jungle", "woods", "grass", "meadow", "garden", "leaf", "leaves", "moss", "park", "spring"],
            new(new(0.45, 0.70, 0.95), new(0.82, 0.93, 0.86), new(1.0, 1.0, 0.86), [new(0.38, 0.62, 0.32), new(0.22, 0.46, 0.21), new(0.10, 0.30, 0.12)], new(0.88, 0.36, 0.20), "forest")),
        ("ocean", ["ocean", "sea", "water", "lake", "river", "beach", "wave", "waves", "underwater", "coast", "island", "harbor", "boat"],
            new(new(0.10, 0.36, 0.72), new(0.62, 0.86, 0.96), new(1.0, 0.98, 0.88), [new(0.16, 0.47, 0.72), new(0.08, 0.33, 0.60), new(0.03, 0.20, 0.45)], new(0.96, 0.80, 0.28), "ocean")),
        ("night", ["night", "space", "star", "stars", "galaxy", "moon", "midnight", "cosmic", "nebula", "dark"],
            new(new(0.02, 0.02, 0.10), new(0.16, 0.10, 0.36), new(0.90, 0.90, 1.0), [new(0.12, 0.09, 0.22), new(0.07, 0.05, 0.15), new(0.03, 0.03, 0.08)], new(0.97, 0.76, 0.20), "night")),
        ("snow", ["snow", "winter", "ice", "frozen", "arctic", "glacier", "snowy"],
            new(new(0.60, 0.75, 0.90), new(0.93, 0.96, 1.0), new(1.0, 1.0, 0.95), [new(0.86, 0.90, 0.96), new(0.74, 0.81, 0.90), new(0.62, 0.70, 0.84)], new(0.76, 0.14, 0.20), "snow")),
        ("desert", ["desert", "sand", "dune", "dunes", "canyon", "savanna", "dry"],
            new(new(0.40, 0.65, 0.90), new(0.96, 0.86, 0.66), new(1.0, 0.97, 0.80), [new(0.90, 0.70, 0.42), new(0.80, 0.55, 0.30), new(0.64, 0.40, 0.20)], new(0.18, 0.42, 0.62), "desert")),
        ("city", ["city", "street", "urban", "cyberpunk", "neon", "robot", "building", "buildings", "skyline", "futuristic"],
            new(new(0.10, 0.05, 0.25), new(0.90, 0.32, 0.62), new(1.0, 0.75, 0.90), [new(0.27, 0.26, 0.32), new(0.18, 0.18, 0.23), new(0.10, 0.10, 0.14)], new(0.12, 0.90, 0.92), "city")),
    ];

    private static readonly Dictionary<string, Rgb> s_colourWords = new()
    {
        ["red"] = new(0.85, 0.12, 0.14), ["orange"] = new(0.97, 0.52, 0.10), ["yellow"] = new(0.98, 0.86, 0.18),
        ["green"] = new(0.18, 0.70, 0.26), ["blue"] = new(0.14, 0.36, 0.90), ["purple"] = new(0.55, 0.22, 0.78),
        ["pink"] = new(0.97, 0.45, 0.70), ["white"] = new(0.96, 0.96, 0.96), ["black"] = new(0.07, 0.07, 0.08),
        ["gold"] = new(0.92, 0.72, 0.20), ["golden"] = new(0.92, 0.72, 0.20), ["brown"] = new(0.48, 0.30, 0.16),
        ["cyan"] = new(0.10, 0.80, 0.85), ["teal"] = new(0.08, 0.55, 0.55), ["silver"] = new(0.75, 0.77, 0.80),
    };

    public static ScenePalette FromPrompt(string prompt)
    {
        var words = StableHash.Words(prompt);
        var tint = (StableHash.Unit(string.Join(' ', words)) - 0.5) * 0.08;
        ScenePalette? palette = null;
        foreach (var word in words)
        {
            var match = s_themes.FirstOrDefault(t => t.Words.Contains(word));
            if (match.Palette is not null)
            {
                palette = match.Palette;
                break;
            }
        }

        if (palette is null)
        {
            var hue = StableHash.Unit("hue:" + string.Join(' ', words));
            palette = new ScenePalette(
                Rgb.FromHsv(hue, 0.50, 0.86), Rgb.FromHsv(hue + 0.08, 0.22, 0.98), Rgb.FromHsv(hue + 0.12, 0.15, 1.0),
                [Rgb.FromHsv(hue + 0.30, 0.45, 0.66), Rgb.FromHsv(hue + 0.33, 0.55, 0.47), Rgb.FromHsv(hue + 0.36, 0.60, 0.30)],
                Rgb.FromHsv(hue + 0.55, 0.78, 0.92), "abstract");
        }
        else
        {
            palette = palette with
            {
                SkyTop = Shift(palette.SkyTop, tint),
                SkyBottom = Shift(palette.SkyBottom, tint),
                Ground = palette.Ground.Select(g => Shift(g, tint)).ToArray(),
            };
        }

        var colour = words.Select(w => s_colourWords.TryGetValue(w, out var c) ? c : (Rgb?)null).FirstOrDefault(c => c is not null);
        return colour is { } subject ? palette with { Subject = subject } : palette;
    }

    private static Rgb Shift(Rgb colour, double hueShift)
    {
        var (h, s, v) = colour.ToHsv();
        return Rgb.FromHsv(h + hueShift, s, v);
    }
}
