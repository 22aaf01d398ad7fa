namespace RunwareCloud.Messaging;

/// <summary>Bus settings shared by every service, bound from the <c>Messaging</c> section.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Prepended to every endpoint (queue) name; lets two test hosts share a vhost without competing.</summary>
    public string? EndpointPrefix { get; set; }

    public static readonly int[] DefaultRetryIntervals = [100, 500, 2_000];

    /// <summary>Immediate redelivery intervals for transient consumer failures, in milliseconds (empty: the defaults).</summary>
    public int[] RetryIntervals { get; set; } = [];

    /// <summary>Messages fetched ahead per receive endpoint.</summary>
    public int PrefetchCount { get; set; } = 32;
}
