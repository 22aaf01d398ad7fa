using System.ComponentModel.DataAnnotations;

namespace RunwareCloud.History.Api;

/// <summary>Settings of the asset store and its downloads (section <c>History</c>).</summary>
public sealed class HistoryOptions
{
    public const string SectionName = "History";

    /// <summary>Folder that holds the content-addressed bytes; empty means <c>&lt;ContentRoot&gt;/data/assets</c>.</summary>
    public string AssetRoot { get; set; } = "";

    [Range(1, long.MaxValue)]
    public long MaxDownloadBytes { get; set; } = 50L * 1024 * 1024;

    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    [Range(16, 1024)]
    public int ThumbnailSize { get; set; } = 256;

    [Range(1, 16)]
    public int MaxParallelDownloads { get; set; } = 4;
}
