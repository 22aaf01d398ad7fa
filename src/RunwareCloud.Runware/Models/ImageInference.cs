using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RunwareCloud.Runware;

/// <summary>
/// An <c>imageInference</c> task: text-to-image, image-to-image (<see cref="SeedImage"/>) or inpainting
/// (<see cref="SeedImage"/> + <see cref="MaskImage"/>). Property names follow the wire.
/// </summary>
public sealed record ImageInferenceRequest
{
    public required string Model { get; init; }
    public required string PositivePrompt { get; init; }
    public string? NegativePrompt { get; init; }
    public int Width { get; init; } = 1024;
    public int Height { get; init; } = 1024;
    public int? Steps { get; init; }
    public double? CFGScale { get; init; }
    public long? Seed { get; init; }
    public int NumberResults { get; init; } = 1;
    public string? Scheduler { get; init; }
    public int? ClipSkip { get; init; }

    /// <summary>Image-to-image and inpainting input: an uploaded image UUID, a data URI, base64 or a URL.</summary>
    public string? SeedImage { get; init; }

    /// <summary>Inpainting mask (white = repaint).</summary>
    public string? MaskImage { get; init; }

    /// <summary>How far the result may move away from <see cref="SeedImage"/> (0–1).</summary>
    public double? Strength { get; init; }

    public int? MaskMargin { get; init; }
    public IReadOnlyList<LoraWeight>? Lora { get; init; }
    public string OutputType { get; init; } = "URL";
    public string? OutputFormat { get; init; }
    public int? OutputQuality { get; init; }
    public bool IncludeCost { get; init; } = true;
    public bool? CheckNSFW { get; init; }

    /// <summary>Fields passed through verbatim, for what this record does not model.</summary>
    public JsonObject? ExtraFields { get; init; }

    /// <summary>Fixes the task UUID of the first attempt (retries draw new ones).</summary>
    public Guid? TaskUuid { get; init; }
}

public sealed record LoraWeight
{
    public required string Model { get; init; }
    public double Weight { get; init; } = 1;
}

public sealed record GeneratedImage
{
    [JsonPropertyName("taskUUID")] public Guid TaskUuid { get; init; }
    [JsonPropertyName("imageUUID")] public string? ImageUuid { get; init; }
    [JsonPropertyName("imageURL")] public string? ImageUrl { get; init; }
    [JsonPropertyName("imageBase64Data")] public string? ImageBase64Data { get; init; }
    [JsonPropertyName("imageDataURI")] public string? ImageDataUri { get; init; }
    [JsonPropertyName("seed")] public long? Seed { get; init; }
    [JsonPropertyName("NSFWContent")] public bool? NsfwContent { get; init; }
    [JsonPropertyName("cost")] public double? Cost { get; init; }
    [JsonPropertyName("positivePrompt")] public string? PositivePrompt { get; init; }
}

public sealed record ImageInferenceResult
{
    public required Guid TaskUuid { get; init; }
    public required IReadOnlyList<GeneratedImage> Images { get; init; }

    /// <summary>Sum of the images' costs, when Runware reported them.</summary>
    public double? Cost { get; init; }
}
