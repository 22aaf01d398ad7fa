namespace RunwareCloud.Contracts.Generation;

/// <summary>Published by the generation worker when Runware returns outputs; consumed by history-api (stores assets) and generation-api.</summary>
public sealed record GenerationSucceeded
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string Kind { get; init; }
    public required string Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    public required string Model { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public int? Steps { get; init; }
    public required IReadOnlyList<JobOutput> Outputs { get; init; }
    public decimal? Cost { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}
