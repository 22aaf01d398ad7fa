using System.Text.Json.Nodes;

namespace RunwareCloud.Runware.Emulator.Catalog;

public sealed record CatalogModel
{
    public required string Air { get; init; }

    public required string Name { get; init; }

    public string Version { get; init; } = "1.0";

    /// <summary>checkpoint, lora, controlnet, vae, embeddings; video models are "video", utility models "utility".</summary>
    public required string Category { get; init; }

    public required string Architecture { get; init; }

    public string[] Tags { get; init; } = [];

    public int? DefaultWidth { get; init; }

    public int? DefaultHeight { get; init; }

    public int? DefaultSteps { get; init; }

    public double? DefaultCfg { get; init; }

    public string? Conditioning { get; init; }

    public string[] PositiveTriggerWords { get; init; } = [];

    public string Comment { get; init; } = "";

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["air"] = Air, ["name"] = Name, ["version"] = Version, ["category"] = Category, ["architecture"] = Architecture,
            ["tags"] = new JsonArray(Tags.Select(t => (JsonNode?)t).ToArray()),
            ["heroImage"] = $"https://im.runware.ai/models/{Air.Replace(':', '-').Replace('@', '-')}.jpg",
            ["private"] = false, ["comment"] = Comment,
        };
        if (Category == "checkpoint")
        {
            json["type"] = "base";
        }

        if (DefaultWidth is not null) json["defaultWidth"] = DefaultWidth;
        if (DefaultHeight is not null) json["defaultHeight"] = DefaultHeight;
        if (DefaultSteps is not null) json["defaultSteps"] = DefaultSteps;
        if (DefaultCfg is not null) json["defaultCFG"] = DefaultCfg;
        if (Conditioning is not null) json["conditioning"] = Conditioning;
        if (PositiveTriggerWords.Length > 0) json["positiveTriggerWords"] = string.Join(", ", PositiveTriggerWords);
        return json;
    }
}

/// <summary>The models the emulator knows; unknown AIR ids are rejected with invalidModel.</summary>
public static class ModelCatalog
{
    public static IReadOnlyList<CatalogModel> Models { get; } =
    [
        new() { Air = "runware:100@1", Name = "FLUX.1 [schnell]", Category = "checkpoint", Architecture = "flux1s", Tags = ["flux", "fast"], DefaultWidth = 1024, DefaultHeight = 1024, DefaultSteps = 4, DefaultCfg = 1 },
        new() { Air = "runware:101@1", Name = "FLUX.1 [dev]", Category = "checkpoint", Architecture = "flux1d", Tags = ["flux"], DefaultWidth = 1024, DefaultHeight = 1024, DefaultSteps = 28, DefaultCfg = 3.5 },
        new() { Air = "runware:97@2", Name = "HiDream-I1 Fast", Category = "checkpoint", Architecture = "hidream_fast", Tags = ["hidream"], DefaultWidth = 1024, DefaultHeight = 1024, DefaultSteps = 16, DefaultCfg = 1 },
        new() { Air = "runware:108@1", Name = "Qwen-Image", Category = "checkpoint", Architecture = "qwen_image", Tags = ["qwen", "text rendering"], DefaultWidth = 1328, DefaultHeight = 1328, DefaultSteps = 30, DefaultCfg = 4 },
        new() { Air = "civitai:101055@128078", Name = "SDXL Base 1.0", Category = "checkpoint", Architecture = "sdxl", Tags = ["sdxl", "base"], DefaultWidth = 1024, DefaultHeight = 1024, DefaultSteps = 30, DefaultCfg = 7 },
        new() { Air = "civitai:133005@782002", Name = "Juggernaut XL", Version = "Jugg_XI_by_RunDiffusion", Category = "checkpoint", Architecture = "sdxl", Tags = ["sdxl", "photorealistic"], DefaultWidth = 1024, DefaultHeight = 1024, DefaultSteps = 30, DefaultCfg = 5 },
        new() { Air = "civitai:4384@130072", Name = "DreamShaper", Version = "8", Category = "checkpoint", Architecture = "sd1x", Tags = ["sd1.5", "fantasy", "versatile"], DefaultWidth = 512, DefaultHeight = 512, DefaultSteps = 25, DefaultCfg = 7 },
        new() { Air = "civitai:4201@130072", Name = "Realistic Vision", Version = "V6.0 B1", Category = "checkpoint", Architecture = "sd1x", Tags = ["sd1.5", "photorealistic"], DefaultWidth = 512, DefaultHeight = 768, DefaultSteps = 25, DefaultCfg = 5 },
        new() { Air = "civitai:112902@351306", Name = "DreamShaper XL", Version = "Lightning DPMSDE", Category = "checkpoint", Architecture = "sdxl", Tags = ["sdxl", "lightning"], DefaultWidth = 1024, DefaultHeight = 1024, DefaultSteps = 6, DefaultCfg = 2 },
        new() { Air = "civitai:43331@176425", Name = "majicMIX realistic", Version = "v7", Category = "checkpoint", Architecture = "sd1x", Tags = ["sd1.5", "portrait"], DefaultWidth = 512, DefaultHeight = 768, DefaultSteps = 30, DefaultCfg = 7 },
        new() { Air = "civitai:25694@143906", Name = "epiCRealism", Version = "natural sin", Category = "checkpoint", Architecture = "sd1x", Tags = ["sd1.5", "photorealistic"], DefaultWidth = 512, DefaultHeight = 768, DefaultSteps = 25, DefaultCfg = 5 },
        new() { Air = "civitai:257749@290640", Name = "Pony Diffusion V6 XL", Category = "checkpoint", Architecture = "pony", Tags = ["sdxl", "anime", "illustration"], DefaultWidth = 1024, DefaultHeight = 1024, DefaultSteps = 25, DefaultCfg = 7 },
        new() { Air = "civitai:82098@87153", Name = "Add More Details", Version = "v1", Category = "lora", Architecture = "sd1x", Tags = ["detail"], PositiveTriggerWords = ["more details"] },
        new() { Air = "civitai:58390@62833", Name = "Detail Tweaker LoRA", Category = "lora", Architecture = "sd1x", Tags = ["detail"] },
        new() { Air = "civitai:122359@135867", Name = "Detail Tweaker XL", Category = "lora", Architecture = "sdxl", Tags = ["detail", "sdxl"] },
        new() { Air = "civitai:127510@139573", Name = "Pixel Art XL", Category = "lora", Architecture = "sdxl", Tags = ["pixel art", "style"], PositiveTriggerWords = ["pixel art"] },
        new() { Air = "runware:25@1", Name = "FLUX Realism LoRA", Category = "lora", Architecture = "flux1d", Tags = ["flux", "photorealistic"] },
        new() { Air = "civitai:38784@44716", Name = "ControlNet Canny SD1.5", Category = "controlnet", Architecture = "sd1x", Conditioning = "canny", Tags = ["canny", "edges"] },
        new() { Air = "civitai:38784@44736", Name = "ControlNet Depth SD1.5", Category = "controlnet", Architecture = "sd1x", Conditioning = "depth", Tags = ["depth"] },
        new() { Air = "civitai:38784@44811", Name = "ControlNet OpenPose SD1.5", Category = "controlnet", Architecture = "sd1x", Conditioning = "openpose", Tags = ["pose"] },
        new() { Air = "runware:20@1", Name = "ControlNet Canny SDXL", Category = "controlnet", Architecture = "sdxl", Conditioning = "canny", Tags = ["canny", "sdxl"] },
        new() { Air = "runware:29@1", Name = "FLUX.1 ControlNet Union", Category = "controlnet", Architecture = "flux1d", Conditioning = "canny", Tags = ["flux", "union"] },
        new() { Air = "klingai:5@3", Name = "Kling 2.1 Master", Category = "video", Architecture = "klingai", Tags = ["video", "text-to-video"], DefaultWidth = 1280, DefaultHeight = 720 },
        new() { Air = "google:3@0", Name = "Veo 3", Category = "video", Architecture = "google", Tags = ["video", "audio"], DefaultWidth = 1280, DefaultHeight = 720 },
        new() { Air = "bytedance:1@1", Name = "Seedance 1.0 Lite", Category = "video", Architecture = "bytedance", Tags = ["video"], DefaultWidth = 864, DefaultHeight = 480 },
        new() { Air = "pixverse:1@5", Name = "PixVerse v5", Category = "video", Architecture = "pixverse", Tags = ["video", "anime"], DefaultWidth = 1280, DefaultHeight = 720 },
        new() { Air = "runware:109@1", Name = "RemBG 1.4", Category = "utility", Architecture = "rembg", Tags = ["background removal"] },
        new() { Air = "runware:500@1", Name = "Clarity Upscaler", Category = "utility", Architecture = "upscaler", Tags = ["upscale"] },
        new() { Air = "runware:150@1", Name = "Florence-2 Caption", Category = "utility", Architecture = "caption", Tags = ["caption"] },
    ];

    public static CatalogModel? Find(string? air) =>
        air is null ? null : Models.FirstOrDefault(m => string.Equals(m.Air, air, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<CatalogModel> Search(string? text, string? category, string? architecture, string? type)
    {
        IEnumerable<CatalogModel> query = Models;
        if (!string.IsNullOrWhiteSpace(text))
        {
            var terms = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            query = query.Where(m => terms.All(t =>
                m.Name.Contains(t, StringComparison.OrdinalIgnoreCase) || m.Air.Contains(t, StringComparison.OrdinalIgnoreCase)
                || m.Architecture.Contains(t, StringComparison.OrdinalIgnoreCase) || m.Tags.Any(tag => tag.Contains(t, StringComparison.OrdinalIgnoreCase))));
        }

        if (!string.IsNullOrWhiteSpace(category))
        {
            query = query.Where(m => string.Equals(m.Category, category, StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(architecture))
        {
            query = query.Where(m => string.Equals(m.Architecture, architecture, StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(type) && type != "all")
        {
            query = query.Where(m => type == "base" ? m.Category == "checkpoint" : m.Category != "checkpoint");
        }

        return query;
    }
}
