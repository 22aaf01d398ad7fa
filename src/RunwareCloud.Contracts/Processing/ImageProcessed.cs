namespace RunwareCloud.Contracts.Processing;

/// <summary>Published by the processing worker when an operation succeeds; consumed by history-api, processing-api and orders-api.</summary>
public sealed record ImageProcessed
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string Operation { get; init; }
    public required IReadOnlyList<JobOutput> Outputs { get; init; }
    public Guid? OrderId { get; init; }
    public Guid? OrderImageId { get; init; }
    public decimal? Cost { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}
