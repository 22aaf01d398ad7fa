namespace RunwareCloud.Contracts.Orders;

/// <summary>Published by orders-api when an order is accepted; consumed by the orders worker and notifications-api.</summary>
public sealed record OrderSubmitted
{
    public required Guid OrderId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string EventId { get; init; }
    public required int ImageCount { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}
