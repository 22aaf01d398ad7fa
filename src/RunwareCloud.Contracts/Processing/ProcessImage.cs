namespace RunwareCloud.Contracts.Processing;

/// <summary>Command sent by processing-api or orders-api; consumed by the processing worker.</summary>
public sealed record ProcessImage
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string Operation { get; init; }
    public required string InputUrl { get; init; }
    public int? UpscaleFactor { get; init; }
    public Guid? OrderId { get; init; }
    public Guid? OrderImageId { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}
