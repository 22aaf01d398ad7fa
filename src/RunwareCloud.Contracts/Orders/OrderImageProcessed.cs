namespace RunwareCloud.Contracts.Orders;

/// <summary>Published by orders-api when one order image finished processing; consumed by the orders worker (uploads it).</summary>
public sealed record OrderImageProcessed
{
    public required Guid OrderId { get; init; }
    public required Guid OrderImageId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required bool Succeeded { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
