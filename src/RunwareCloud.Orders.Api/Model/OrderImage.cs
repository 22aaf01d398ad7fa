namespace RunwareCloud.Orders.Api.Model;

/// <summary>One photo of an order; <see cref="Id"/> is also the PMR upload's idempotency key.</summary>
public sealed class OrderImage
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public Guid SourceAssetId { get; set; }
    public required string Status { get; set; }
    public int Step { get; set; }
    public Guid? CurrentJobId { get; set; }
    public Guid? CurrentAssetId { get; set; }
    public Guid? ProcessedAssetId { get; set; }
    public string? CaptionText { get; set; }
    public string? PmrPhotoId { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public DateTimeOffset? UploadedAt { get; set; }
}
