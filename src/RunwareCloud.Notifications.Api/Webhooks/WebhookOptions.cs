using System.ComponentModel.DataAnnotations;

namespace RunwareCloud.Notifications.Api.Webhooks;

/// <summary>Outbound webhook delivery settings (section <c>Notifications:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Notifications:Webhooks";

    /// <summary>Allows targets on loopback, private and link-local networks; off in production to stop server-side request forgery.</summary>
    public bool AllowPrivateTargets { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 32;

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claimed delivery stays invisible to other dispatchers; a crashed dispatcher's claims expire after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts stop once this long has passed since the event; the delivery is then marked failed.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A subscription whose attempts failed this many times in a row is disabled.</summary>
    [Range(1, 10_000)]
    public int DisableAfterConsecutiveFailures { get; set; } = 20;

    [Range(1, 100)]
    public int MaxSubscriptionsPerUser { get; set; } = 20;
}
