namespace RunwareCloud.History.Api.Infrastructure;

/// <summary>Content-addressed bytes shared by every asset with the same checksum; freed when the last reference goes.</summary>
public sealed class StoredBlob
{
    public required string Checksum { get; set; }
    public long Size { get; set; }
    public required string ContentType { get; set; }
    public int ReferenceCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
