namespace RunwareCloud.Orders.Api.Model;

/// <summary>One append-only audit record: who did what, when, from where, to which order.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorId { get; set; }
    public required string Actor { get; set; }
    public string? Role { get; set; }
    public required string Action { get; set; }
    public Guid? OrderId { get; set; }
    public string? EventId { get; set; }
    public string? Ip { get; set; }
    public string? Details { get; set; }
}
