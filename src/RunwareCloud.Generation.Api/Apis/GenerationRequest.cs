namespace RunwareCloud.Generation.Api.Apis;

/// <summary>The body of <c>POST /api/generations</c>.</summary>
public sealed record GenerationRequest
{
    public string? Kind { get; init; }
    public string? Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    public string? Model { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Steps { get; init; }
    public double? CfgScale { get; init; }
    public long? Seed { get; init; }
    public int? NumberResults { get; init; }
    public string? Scheduler { get; init; }
    public string? OutputFormat { get; init; }
    public double? Strength { get; init; }
    public string? SeedImage { get; init; }
    public string? MaskImage { get; init; }
    public IReadOnlyList<LoraRequest>? Lora { get; init; }
    public IReadOnlyList<ControlNetRequest>? ControlNet { get; init; }
    public bool? Preview { get; init; }
    public int? TimeoutSeconds { get; init; }
}

public sealed record LoraRequest(string? Model, double? Weight);

public sealed record ControlNetRequest
{
    public string? Model { get; init; }
    public string? GuideImage { get; init; }
    public double? Weight { get; init; }
    public int? StartStep { get; init; }
    public int? EndStep { get; init; }
    public string? ControlMode { get; init; }
}

/// <summary>The body of <c>POST /api/generations/videos</c>.</summary>
public sealed record VideoRequest
{
    public string? Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    public string? Model { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Duration { get; init; }
    public int? Fps { get; init; }
    public long? Seed { get; init; }
    public string? OutputFormat { get; init; }
    public string? FrameImage { get; init; }
    public int? TimeoutSeconds { get; init; }
}

public sealed record EnhancePromptRequest(string? Prompt, int? Versions, int? MaxLength);

public sealed record EnhancePromptResponse(IReadOnlyList<string> Prompts, decimal? Cost);
