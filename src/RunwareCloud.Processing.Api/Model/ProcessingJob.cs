using RunwareCloud.Jobs;

namespace RunwareCloud.Processing.Api.Model;

/// <summary>One processing job (remove background, upscale, caption), from the API or from an order.</summary>
public sealed class ProcessingJob : Job
{
    /// <summary>The input as given: an asset id, an http(s) URL or a data URI.</summary>
    public required string Input { get; set; }
    public int? UpscaleFactor { get; set; }
    public Guid? OrderId { get; set; }
    public Guid? OrderImageId { get; set; }
}

public static class ProcessingOperations
{
    public const string RemoveBackground = "removeBackground";
    public const string Upscale = "upscale";
    public const string Caption = "caption";

    public static readonly IReadOnlyList<string> All = [RemoveBackground, Upscale, Caption];
}
