namespace RunwareCloud.Contracts.Generation;

/// <summary>Published by the generation worker when a job starts on Runware; consumed by generation-api and notifications-api.</summary>
public sealed record GenerationStarted
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
}
