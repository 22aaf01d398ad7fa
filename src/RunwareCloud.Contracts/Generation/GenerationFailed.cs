namespace RunwareCloud.Contracts.Generation;

/// <summary>Published by the generation worker or generation-api when a job fails; consumed by generation-api and notifications-api.</summary>
public sealed record GenerationFailed
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string ErrorCode { get; init; }
    public required string ErrorMessage { get; init; }
    public required DateTimeOffset FailedAt { get; init; }
}
