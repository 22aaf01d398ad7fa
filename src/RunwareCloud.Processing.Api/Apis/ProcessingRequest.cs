namespace RunwareCloud.Processing.Api.Apis;

/// <summary>The body of every <c>POST /api/processing/…</c>: the image, and the options the operation takes.</summary>
public sealed record ProcessingRequest
{
    public string? Image { get; init; }
    public int? UpscaleFactor { get; init; }
    public string? OutputFormat { get; init; }
    public int? TimeoutSeconds { get; init; }
}
