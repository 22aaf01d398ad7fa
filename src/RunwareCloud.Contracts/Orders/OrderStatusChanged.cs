namespace RunwareCloud.Contracts.Orders;

/// <summary>Published by orders-api on every order status transition; consumed by notifications-api.</summary>
public sealed record OrderStatusChanged
{
    public required Guid OrderId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string Status { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
