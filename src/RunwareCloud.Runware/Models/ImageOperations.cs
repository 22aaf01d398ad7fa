using System.Text.Json.Serialization;

namespace RunwareCloud.Runware;

public sealed record RemoveBackgroundRequest
{
    public required string InputImage { get; init; }
    public string? Model { get; init; }
    public string OutputType { get; init; } = "URL";
    public string OutputFormat { get; init; } = "PNG";
    public int? OutputQuality { get; init; }

    /// <summary>Background colour [r, g, b, a] of the result.</summary>
    public IReadOnlyList<int>? Rgba { get; init; }
    public bool? ReturnOnlyMask { get; init; }
    public bool? PostProcessMask { get; init; }
    public bool? AlphaMatting { get; init; }
    public bool IncludeCost { get; init; } = true;
}

public sealed record UpscaleRequest
{
    public required string InputImage { get; init; }
    public required int UpscaleFactor { get; init; }
    public string? Model { get; init; }
    public string OutputType { get; init; } = "URL";
    public string? OutputFormat { get; init; }
    public int? OutputQuality { get; init; }
    public bool IncludeCost { get; init; } = true;
}

public sealed record CaptionRequest
{
    public required string InputImage { get; init; }
    public string? Model { get; init; }
    public string? Prompt { get; init; }
    public bool IncludeCost { get; init; } = true;
}

public sealed record PromptEnhanceRequest
{
    public required string Prompt { get; init; }
    public int PromptMaxLength { get; init; } = 380;
    public int PromptVersions { get; init; } = 1;
    public bool IncludeCost { get; init; } = true;
}

public sealed record ModelSearchRequest
{
    public string? Search { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Category { get; init; }
    public string? Type { get; init; }
    public string? Architecture { get; init; }
    public string? Visibility { get; init; }
    public int? Limit { get; init; }
    public int? Offset { get; init; }
}

/// <summary>An image stored by Runware (upload, background removal, upscale).</summary>
public sealed record RunwareImage
{
    [JsonPropertyName("taskUUID")] public Guid TaskUuid { get; init; }
    [JsonPropertyName("imageUUID")] public string? ImageUuid { get; init; }
    [JsonPropertyName("imageURL")] public string? ImageUrl { get; init; }
    [JsonPropertyName("imageBase64Data")] public string? ImageBase64Data { get; init; }
    [JsonPropertyName("imageDataURI")] public string? ImageDataUri { get; init; }
    [JsonPropertyName("inputImageUUID")] public string? InputImageUuid { get; init; }
    [JsonPropertyName("mediaUUID")] public string? MediaUuid { get; init; }
    [JsonPropertyName("mediaURL")] public string? MediaUrl { get; init; }
    [JsonPropertyName("cost")] public double? Cost { get; init; }
}

public sealed record CaptionResult
{
    [JsonPropertyName("taskUUID")] public Guid TaskUuid { get; init; }
    [JsonPropertyName("text")] public string Text { get; init; } = "";
    [JsonPropertyName("cost")] public double? Cost { get; init; }
}

public sealed record EnhancedPrompt
{
    [JsonPropertyName("taskUUID")] public Guid TaskUuid { get; init; }
    [JsonPropertyName("text")] public string Text { get; init; } = "";
    [JsonPropertyName("cost")] public double? Cost { get; init; }
}

public sealed record ModelSearchResult
{
    [JsonPropertyName("taskUUID")] public Guid TaskUuid { get; init; }
    [JsonPropertyName("totalResults")] public int TotalResults { get; init; }
    [JsonPropertyName("results")] public IReadOnlyList<RunwareModel> Results { get; init; } = [];
}

public sealed record RunwareModel
{
    [JsonPropertyName("air")] public string Air { get; init; } = "";
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("category")] public string? Category { get; init; }
    [JsonPropertyName("architecture")] public string? Architecture { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyList<string>? Tags { get; init; }
    [JsonPropertyName("heroImage")] public string? HeroImage { get; init; }
    [JsonPropertyName("private")] public bool? Private { get; init; }
    [JsonPropertyName("comment")] public string? Comment { get; init; }
    [JsonPropertyName("defaultWidth")] public int? DefaultWidth { get; init; }
    [JsonPropertyName("defaultHeight")] public int? DefaultHeight { get; init; }
    [JsonPropertyName("defaultSteps")] public int? DefaultSteps { get; init; }
    [JsonPropertyName("defaultScheduler")] public string? DefaultScheduler { get; init; }
    [JsonPropertyName("defaultCFG")] public double? DefaultCfg { get; init; }
    [JsonPropertyName("defaultStrength")] public double? DefaultStrength { get; init; }
    [JsonPropertyName("positiveTriggerWords")] public string? PositiveTriggerWords { get; init; }
}
