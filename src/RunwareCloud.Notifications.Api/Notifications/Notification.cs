using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>What a user's streams, hub connections and webhooks receive.</summary>
public sealed record Notification
{
    /// <summary>The entry id in the user's replay log (a Redis stream id): increases with every notification of one user.</summary>
    public string? Id { get; init; }

    public required string Type { get; init; }

    public required Guid UserId { get; init; }

    public Guid? JobId { get; init; }

    public Guid? OrderId { get; init; }

    public required JsonElement Data { get; init; }

    public required DateTimeOffset At { get; init; }
}

public static class NotificationTypes
{
    public const string JobQueued = "job.queued";
    public const string JobRunning = "job.running";
    public const string JobProgress = "job.progress";
    public const string JobOutputs = "job.outputs";
    public const string JobSucceeded = "job.succeeded";
    public const string JobFailed = "job.failed";
    public const string JobCanceled = "job.canceled";
    public const string OrderSubmitted = "order.submitted";
    public const string OrderImageProcessed = "order.imageProcessed";
    public const string OrderUploaded = "order.uploaded";
    public const string OrderCompleted = "order.completed";
    public const string OrderFailed = "order.failed";
    public const string OrderStatusChanged = "order.statusChanged";

    public static readonly IReadOnlyList<string> All =
    [
        JobQueued, JobRunning, JobProgress, JobOutputs, JobSucceeded, JobFailed, JobCanceled,
        OrderSubmitted, OrderImageProcessed, OrderUploaded, OrderCompleted, OrderFailed, OrderStatusChanged,
    ];

    /// <summary>Accepts an exact type, a family wildcard (<c>job.*</c>, <c>order.*</c>) or <c>*</c>.</summary>
    public static bool IsValidFilter(string filter) =>
        filter is "*" or "job.*" or "order.*" || All.Contains(filter);

    public static bool Matches(IReadOnlyCollection<string> filters, string type) =>
        filters.Count == 0 || filters.Any(filter => filter == "*" || filter == type
            || (filter.EndsWith(".*", StringComparison.Ordinal) && type.StartsWith(filter[..^1], StringComparison.Ordinal)));
}

public static class NotificationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);
}
