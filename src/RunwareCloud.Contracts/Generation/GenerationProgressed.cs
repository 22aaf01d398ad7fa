namespace RunwareCloud.Contracts.Generation;

/// <summary>Published by the generation worker as a job advances; consumed by notifications-api.</summary>
public sealed record GenerationProgressed
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required int Progress { get; init; }
    public required string Stage { get; init; }
    public string? PreviewUrl { get; init; }
    public required DateTimeOffset At { get; init; }
}
