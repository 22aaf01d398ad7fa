namespace RunwareCloud.Contracts.Orders;

/// <summary>Published by the orders worker when an order image is uploaded to the PMR; consumed by orders-api.</summary>
public sealed record OrderUploaded
{
    public required Guid OrderId { get; init; }
    public required Guid OrderImageId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string PmrPhotoId { get; init; }
    public required DateTimeOffset At { get; init; }
}
