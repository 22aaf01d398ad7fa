using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Apis;

/// <summary>One history entry as the API returns it; URLs are gateway-relative.</summary>
public sealed record HistoryEntry
{
    public required Guid Id { get; init; }
    public required Guid UserId { get; init; }
    public required string Url { get; init; }
    public string? ThumbnailUrl { get; init; }
    public Guid? JobId { get; init; }
    public required string Kind { get; init; }
    public string? Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    public string? Model { get; init; }
    public long? Seed { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Steps { get; init; }
    public decimal? Cost { get; init; }
    public required string Format { get; init; }
    public required string ContentType { get; init; }
    public required long Size { get; init; }
    public required string Checksum { get; init; }
    public string? Text { get; init; }
    public required bool Favorite { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    public static string UrlOf(Guid id) => $"/api/assets/{id}";

    public static HistoryEntry From(Asset asset) => new()
    {
        Id = asset.Id,
        UserId = asset.OwnerId,
        Url = UrlOf(asset.Id),
        ThumbnailUrl = asset.HasThumbnail ? $"{UrlOf(asset.Id)}?size=thumb" : null,
        JobId = asset.JobId,
        Kind = asset.Kind,
        Prompt = asset.Prompt,
        NegativePrompt = asset.NegativePrompt,
        Model = asset.Model,
        Seed = asset.Seed,
        Width = asset.Width,
        Height = asset.Height,
        Steps = asset.Steps,
        Cost = asset.Cost,
        Format = asset.Format,
        ContentType = asset.ContentType,
        Size = asset.Size,
        Checksum = asset.Checksum,
        Text = asset.Text,
        Favorite = asset.Favorite,
        Tags = asset.Tags,
        CreatedAt = asset.CreatedAt,
    };
}

public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Items, string? NextCursor);

public sealed record UpdateHistoryEntryRequest
{
    public bool? Favorite { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
}

public sealed record UploadedAsset(Guid Id, string Url, string ContentType, int? Width, int? Height, long Size);
