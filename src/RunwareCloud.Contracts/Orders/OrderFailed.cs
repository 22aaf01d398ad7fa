namespace RunwareCloud.Contracts.Orders;

/// <summary>Published by orders-api when an order cannot complete; consumed by notifications-api.</summary>
public sealed record OrderFailed
{
    public required Guid OrderId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset FailedAt { get; init; }
}
