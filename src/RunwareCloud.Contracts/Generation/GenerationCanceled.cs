namespace RunwareCloud.Contracts.Generation;

/// <summary>Published by generation-api when a user cancels a job; consumed by the generation worker and notifications-api.</summary>
public sealed record GenerationCanceled
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required DateTimeOffset CanceledAt { get; init; }
}
