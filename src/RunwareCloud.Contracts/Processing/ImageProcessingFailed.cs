namespace RunwareCloud.Contracts.Processing;

/// <summary>Published by the processing worker when an operation fails; consumed by processing-api, orders-api and notifications-api.</summary>
public sealed record ImageProcessingFailed
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string Operation { get; init; }
    public required string ErrorCode { get; init; }
    public required string ErrorMessage { get; init; }
    public Guid? OrderId { get; init; }
    public Guid? OrderImageId { get; init; }
    public required DateTimeOffset FailedAt { get; init; }
}
