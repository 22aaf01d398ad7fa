namespace RunwareCloud.Orders.Api.Model;

/// <summary>A customer's photo order for one PMR event: its images go through processing, then up to the PMR.</summary>
public sealed class Order
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid CorrelationId { get; set; }
    public required string EventId { get; set; }
    public required string CustomerName { get; set; }
    public string? CustomerEmail { get; set; }
    public bool RemoveBackground { get; set; }
    public int? UpscaleFactor { get; set; }
    public bool Caption { get; set; }
    public required string Status { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Held by the uploader instance working on this order; a crashed instance's lease simply runs out.</summary>
    public DateTimeOffset? UploadLeaseUntil { get; set; }

    public uint Version { get; set; }
    public List<OrderImage> Images { get; set; } = [];

    /// <summary>The operations each image goes through, in order: background removal, then upscaling, caption last.</summary>
    public IReadOnlyList<string> Plan()
    {
        var plan = new List<string>();
        if (RemoveBackground)
        {
            plan.Add(Operations.RemoveBackground);
        }

        if (UpscaleFactor is not null)
        {
            plan.Add(Operations.Upscale);
        }

        if (Caption)
        {
            plan.Add(Operations.Caption);
        }

        return plan;
    }
}
