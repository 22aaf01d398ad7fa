namespace RunwareCloud.Runware.Emulator.Synthesis;

/// <summary>Deterministic prompt variations: the prompt plus style phrases picked by a hash of prompt and version.</summary>
public static class PromptEnhancer
{
    private static readonly string[] s_phrases =
    [
        "highly detailed", "cinematic lighting", "volumetric light", "sharp focus", "8k resolution", "golden hour",
        "soft ambient occlusion", "dramatic composition", "rule of thirds", "vivid colours", "studio photography",
        "octane render", "matte painting", "concept art", "depth of field", "award-winning photograph", "intricate textures",
        "wide-angle lens", "pastel palette", "moody atmosphere", "trending on artstation", "hyperrealistic", "film grain",
        "rim lighting", "bokeh background", "epic scale", "painterly brushstrokes", "isometric view", "crisp shadows",
    ];

    public static IReadOnlyList<string> Enhance(string prompt, int versions, int maxLength)
    {
        var results = new List<string>();
        for (var version = 0; version < versions; version++)
        {
            var random = new Random(unchecked((int)StableHash.Of($"{prompt}|{version}")));
            var phrases = s_phrases.OrderBy(_ => random.Next()).Take(3 + random.Next(3));
            var text = prompt.Trim();
            foreach (var phrase in phrases)
            {
                if (text.Length + phrase.Length + 2 > maxLength)
                {
                    break;
                }

                text += ", " + phrase;
            }

            if (text.Length > maxLength)
            {
                var cut = text[..maxLength];
                var space = cut.LastIndexOf(' ');
                text = space > maxLength / 2 ? cut[..space] : cut;
            }

            results.Add(text.TrimEnd(',', ' '));
        }

        return results;
    }
}
