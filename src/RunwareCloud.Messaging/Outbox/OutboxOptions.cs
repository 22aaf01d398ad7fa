namespace RunwareCloud.Messaging;

/// <summary>Relay settings, bound from <c>Messaging:Outbox</c> (per DbContext when configured in code).</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Messaging:Outbox";

    /// <summary>How often the relay looks for due rows without a commit signal (rows of crashed processes, delayed rows).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows claimed per transaction.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Relay loops per process; they claim disjoint rows, so one publishes while another reads and marks.</summary>
    public int RelayConcurrency { get; set; } = 2;

    /// <summary>How long one publish may wait for the broker before the row is retried later.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the relay leaves a row to the process that committed it (which publishes it right away): only a process
    /// that died first, or a publish that failed, leaves a row for the relay. The direct publish may take half of it.
    /// </summary>
    public TimeSpan DispatchLease { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the dispatcher gathers published rows before it marks them all in one statement.</summary>
    public TimeSpan DispatchMarkDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>First retry delay after a failed publish; doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Published rows are kept this long (for diagnosis), then deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);
}
