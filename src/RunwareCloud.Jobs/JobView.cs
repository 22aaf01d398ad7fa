using System.Text.Json;

namespace RunwareCloud.Jobs;

/// <summary>The public shape of every job (design §5), whatever service runs it.</summary>
public sealed record JobView
{
    public required Guid Id { get; init; }
    public required string Kind { get; init; }
    public required string Status { get; init; }
    public required int Progress { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public required JsonElement Request { get; init; }
    public required IReadOnlyList<JobOutputView> Outputs { get; init; }
    public IReadOnlyList<JobOutputView>? Previews { get; init; }
    public JobErrorView? Error { get; init; }
    public decimal? Cost { get; init; }
}

public sealed record JobOutputView
{
    public Guid? AssetId { get; init; }
    public string? Url { get; init; }
    public string? RunwareUrl { get; init; }
    public long? Seed { get; init; }
    public decimal? Cost { get; init; }
    public string? ContentType { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? Text { get; init; }
}

public sealed record JobErrorView(string Code, string Message);

public sealed record JobPage(IReadOnlyList<JobView> Items, string? NextCursor);
