namespace RunwareCloud.Contracts;

/// <summary>One output of a Runware task; carried inside generation and processing result messages.</summary>
public sealed record JobOutput
{
    public required string RunwareUrl { get; init; }
    public string? ImageUuid { get; init; }
    public long? Seed { get; init; }
    public decimal? Cost { get; init; }
    public string? ContentType { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? Text { get; init; }
}
