namespace RunwareCloud.Jobs;

/// <summary>Settings of input URLs and their SSRF guard (section <c>Inputs</c>).</summary>
public sealed class InputOptions
{
    public const string SectionName = "Inputs";

    /// <summary>Lets URLs reach loopback and private networks (local development and tests only).</summary>
    public bool AllowPrivateNetworkUrls { get; set; }

    public long MaxInputBytes { get; set; } = 20 * 1024 * 1024;
}
