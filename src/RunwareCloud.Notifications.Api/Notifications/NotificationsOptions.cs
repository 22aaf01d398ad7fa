using System.ComponentModel.DataAnnotations;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>Live stream and replay-log settings (section <c>Notifications</c>).</summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Prefix of every Redis key and channel this service uses, so that several deployments (or tests) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "notifications:";

    /// <summary>How many notifications each user's replay log keeps (approximately; trimmed with <c>MAXLEN ~</c>).</summary>
    [Range(10, 1_000_000)]
    public int ReplayLength { get; set; } = 1000;

    /// <summary>
    /// How long a processed message id is remembered, so that a redelivered message is not logged twice. Redeliveries
    /// (broker retries, an outbox re-publish after a restart) come within minutes; each remembered id holds ~100 bytes of
    /// Redis memory, so a day at a few hundred events a second would keep tens of millions of them.
    /// </summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A user's log expires after this long without a new notification.</summary>
    public TimeSpan ReplayRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How often each instance sends itself a probe through the live channel; a missing probe means the subscription dropped
    /// messages (a Redis reconnect), and every stream then re-reads the log.
    /// </summary>
    public TimeSpan LivenessProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Comment lines keep idle streams open through proxies that close silent connections.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Live notifications buffered per connection before a slow reader is switched to catching up from the log.</summary>
    [Range(1, 100_000)]
    public int ConnectionBufferSize { get; set; } = 256;

    /// <summary>
    /// How long a consumed event waits for an earlier delivery of its channel that has not reached the consumer (events are
    /// handled concurrently but joined to their user's lane in delivery order); after it, the missing delivery is skipped.
    /// </summary>
    public TimeSpan DeliveryGapTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public string StreamKey(Guid userId) => $"{KeyPrefix}user:{userId:N}";

    public string DeduplicationKey(string messageId) => $"{KeyPrefix}seen:{messageId}";

    public string Channel => $"{KeyPrefix}live";

    /// <summary>The set of users who have (or once had) a webhook subscription.</summary>
    public string WebhookUsersKey => $"{KeyPrefix}webhook-users";
}
