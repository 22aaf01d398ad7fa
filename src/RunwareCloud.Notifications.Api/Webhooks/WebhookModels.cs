namespace RunwareCloud.Notifications.Api.Webhooks;

public sealed record WebhookSubscription
{
    public required Guid Id { get; init; }
    public required string Url { get; init; }
    public required IReadOnlyList<string> EventTypes { get; init; }
    public string? Description { get; init; }
    public required bool Enabled { get; init; }
    public required int ConsecutiveFailures { get; init; }
    public string? DisabledReason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The answer to creating a subscription: the only time its secret is shown.</summary>
public sealed record CreatedWebhookSubscription
{
    public required Guid Id { get; init; }
    public required string Url { get; init; }
    public required IReadOnlyList<string> EventTypes { get; init; }
    public string? Description { get; init; }
    public required bool Enabled { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Secret { get; init; }
}

public sealed record CreateWebhookRequest
{
    public string? Url { get; init; }
    public string? Secret { get; init; }
    public IReadOnlyList<string>? EventTypes { get; init; }
    public string? Description { get; init; }
}

public static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

public sealed record WebhookDelivery
{
    public required Guid Id { get; init; }

    /// <summary>The <c>webhook-id</c> header value: the same on every attempt, so receivers can drop duplicates.</summary>
    public required string WebhookId { get; init; }

    public required string EventType { get; init; }
    public required string Status { get; init; }
    public required int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public required IReadOnlyList<WebhookAttempt> AttemptLog { get; init; }

    public static string ToWebhookId(Guid deliveryId) => $"msg_{deliveryId:N}";
}

public sealed record WebhookAttempt
{
    public required int Attempt { get; init; }
    public required DateTimeOffset AttemptedAt { get; init; }
    public int? StatusCode { get; init; }
    public string? Error { get; init; }
    public required int DurationMs { get; init; }
}

/// <summary>A delivery claimed by a dispatcher for one attempt.</summary>
public sealed record DueDelivery(Guid Id, Guid SubscriptionId, string Url, string Secret, string Payload, int Attempt, DateTimeOffset RetryUntil);

public enum RedeliveryOutcome
{
    Scheduled,
    NotFound,
    SubscriptionDisabled,
}
