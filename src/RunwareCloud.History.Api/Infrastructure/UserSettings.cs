namespace RunwareCloud.History.Api.Infrastructure;

/// <summary>A user's generation defaults.</summary>
public sealed class UserSettings
{
    public Guid UserId { get; set; }
    public required string DefaultModel { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public int Steps { get; set; }
    public required string OutputFormat { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
