namespace RunwareCloud.Jobs;

/// <summary>What every job has, whatever runs it: owner, lifecycle, request, outputs and error (design §5).</summary>
public abstract class Job
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid CorrelationId { get; set; }
    public required string Kind { get; set; }
    public required string Status { get; set; }
    public int Progress { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset Deadline { get; set; }

    /// <summary>The validated request, as JSON (jsonb).</summary>
    public required string RequestJson { get; set; }

    /// <summary>The outputs (<see cref="StoredOutput"/> list) as JSON (jsonb); set once, when Runware answered.</summary>
    public string OutputsJson { get; set; } = "[]";
    public DateTimeOffset? OutputsRecordedAt { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public decimal? Cost { get; set; }
}

public sealed record StoredOutput
{
    public Guid? AssetId { get; init; }
    public string? RunwareUrl { get; init; }
    public string? ImageUuid { get; init; }
    public long? Seed { get; init; }
    public decimal? Cost { get; init; }
    public string? ContentType { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? Text { get; init; }
}
