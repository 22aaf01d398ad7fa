namespace RunwareCloud.Contracts.Generation;

/// <summary>Published by generation-api when a job is accepted; consumed by the generation worker.</summary>
public sealed record GenerationRequested
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string Kind { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}
