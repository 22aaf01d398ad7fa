using NpgsqlTypes;

namespace RunwareCloud.History.Api.Infrastructure;

/// <summary>One stored output or upload: the history entry and the metadata of its bytes.</summary>
public sealed class Asset
{
    public Guid Id { get; set; }
    public Guid OwnerId { get; set; }
    public Guid? JobId { get; set; }
    public int OutputIndex { get; set; }
    public required string Kind { get; set; }
    public string? Prompt { get; set; }
    public string? NegativePrompt { get; set; }
    public string? Model { get; set; }
    public long? Seed { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public int? Steps { get; set; }
    public decimal? Cost { get; set; }
    public required string Format { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Checksum { get; set; }
    public bool HasThumbnail { get; set; }
    public string? RunwareUrl { get; set; }
    public string? Text { get; set; }
    public bool Favorite { get; set; }
    public List<string> Tags { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public NpgsqlTsVector SearchVector { get; set; } = null!;
}
