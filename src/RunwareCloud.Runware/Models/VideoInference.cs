using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RunwareCloud.Runware;

/// <summary>A <c>videoInference</c> task: always asynchronous, polled with <c>getResponse</c>.</summary>
public sealed record VideoInferenceRequest
{
    public required string Model { get; init; }
    public required string PositivePrompt { get; init; }
    public string? NegativePrompt { get; init; }
    public int? Duration { get; init; }
    public int? Fps { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int NumberResults { get; init; } = 1;
    public long? Seed { get; init; }
    public int? Steps { get; init; }
    public double? CFGScale { get; init; }

    /// <summary>Frame images (UUIDs, data URIs or URLs) that anchor the first/last frames.</summary>
    public IReadOnlyList<string>? FrameImages { get; init; }
    public string OutputType { get; init; } = "URL";
    public string? OutputFormat { get; init; }
    public bool IncludeCost { get; init; } = true;
    public JsonObject? ExtraFields { get; init; }
}

public sealed record GeneratedVideo
{
    [JsonPropertyName("taskUUID")] public Guid TaskUuid { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("videoUUID")] public string? VideoUuid { get; init; }
    [JsonPropertyName("videoURL")] public string? VideoUrl { get; init; }
    [JsonPropertyName("mediaUUID")] public string? MediaUuid { get; init; }
    [JsonPropertyName("mediaURL")] public string? MediaUrl { get; init; }
    [JsonPropertyName("seed")] public long? Seed { get; init; }
    [JsonPropertyName("cost")] public double? Cost { get; init; }
    [JsonPropertyName("progress")] public double? Progress { get; init; }
}

public sealed record VideoInferenceResult
{
    public required Guid TaskUuid { get; init; }
    public required IReadOnlyList<GeneratedVideo> Videos { get; init; }
    public double? Cost { get; init; }
}

/// <summary>A poll's view of an asynchronous task: finished generations and the progress reported so far (0–100).</summary>
public sealed record RunwareTaskProgress(Guid TaskUuid, int Completed, int Expected, double? Progress, string Status);
