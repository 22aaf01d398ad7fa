namespace RunwareCloud.Contracts.Orders;

/// <summary>Published by orders-api when every image of an order is done; consumed by notifications-api.</summary>
public sealed record OrderCompleted
{
    public required Guid OrderId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required int ProcessedCount { get; init; }
    public required int FailedCount { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}
