using RunwareCloud.Generation.Api.Apis;

namespace RunwareCloud.Generation.Api.Worker;

/// <summary>Runs a validated request at Runware and returns what it produced.</summary>
public interface IGenerationEngine
{
    Task<GenerationResult> GenerateImagesAsync(Guid ownerId, GenerationRequest request, CancellationToken cancellationToken);

    Task<GenerationResult> GenerateVideoAsync(
        Guid ownerId, VideoRequest request, Func<int, Task> reportProgress, CancellationToken cancellationToken);
}

public sealed record GenerationResult(IReadOnlyList<GeneratedOutput> Outputs)
{
    public decimal? Cost => Outputs.Any(o => o.Cost is not null) ? Outputs.Sum(o => o.Cost ?? 0) : null;
}

public sealed record GeneratedOutput(
    string Url, string? Uuid, long? Seed, decimal? Cost, string? ContentType, int? Width, int? Height);
