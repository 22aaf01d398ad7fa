namespace RunwareCloud.Contracts.Processing;

/// <summary>Published by the processing worker when an operation starts; consumed by processing-api and notifications-api.</summary>
public sealed record ProcessingStarted
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
}
