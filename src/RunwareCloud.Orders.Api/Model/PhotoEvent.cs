namespace RunwareCloud.Orders.Api.Model;

/// <summary>A PMR event known to this service; its id was confirmed by the PMR when it was created.</summary>
public sealed class PhotoEvent
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public DateOnly? Date { get; set; }
    public string? Location { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
