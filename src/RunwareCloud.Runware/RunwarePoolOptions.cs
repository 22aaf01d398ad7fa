using Microsoft.Extensions.Options;

namespace RunwareCloud.Runware;

/// <summary>Sizing, keep-alive, timeouts and retry behaviour of the Runware connection pool (section <c>Runware:Pool</c>).</summary>
public sealed class RunwarePoolOptions
{
    public const string SectionName = "Runware:Pool";

    /// <summary>Authenticated WebSocket connections kept open.</summary>
    public int Connections { get; set; } = 4;

    /// <summary>Tasks in flight on one connection at most.</summary>
    public int MaxInFlightPerConnection { get; set; } = 128;

    /// <summary>Tasks in flight over the whole pool at most; defaults to Connections × MaxInFlightPerConnection.</summary>
    public int? MaxInFlight { get; set; }

    /// <summary>Callers allowed to wait for a free slot; one more fails with <see cref="RunwarePoolSaturatedException"/>.</summary>
    public int MaxQueueLength { get; set; } = 10_000;

    /// <summary>Tasks written into one WebSocket frame at most (the API accepts an array of tasks per message).</summary>
    public int MaxTasksPerFrame { get; set; } = 64;

    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a task whose type has no entry in <see cref="TaskTimeouts"/>.</summary>
    public TimeSpan DefaultTaskTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Per task type timeouts, e.g. <c>Runware:Pool:TaskTimeouts:imageInference = 00:05:00</c>.</summary>
    public Dictionary<string, TimeSpan> TaskTimeouts { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["imageInference"] = TimeSpan.FromMinutes(5),
        ["imageUpload"] = TimeSpan.FromMinutes(1),
        ["promptEnhance"] = TimeSpan.FromMinutes(1),
        ["modelSearch"] = TimeSpan.FromSeconds(30),
        ["getResponse"] = TimeSpan.FromSeconds(30),
    };

    /// <summary>Overall limit of an asynchronous (polled) task such as video inference.</summary>
    public TimeSpan AsyncTaskTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Delay between two <c>getResponse</c> polls of an asynchronous task.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Random spread added to each reconnect delay, as a fraction of it (0.3 = up to 30 %).</summary>
    public double ReconnectJitter { get; set; } = 0.3;

    /// <summary>After an invalid API key, how long the pool waits before it tries the key again.</summary>
    public TimeSpan AuthenticationRetryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a task in flight on a dropped socket is sent again on a healthy one before it fails.</summary>
    public int RedispatchAttempts { get; set; } = 1;

    /// <summary>
    /// Adjusts TLS of a <c>wss://</c> endpoint, e.g. to trust a private certificate authority; set in code, not configuration.
    /// </summary>
    public Action<System.Net.Security.SslClientAuthenticationOptions>? ConfigureTls { get; set; }

    /// <summary>Retries of a task that failed with a transient Runware error code.</summary>
    public int TransientRetries { get; set; } = 2;
    public TimeSpan TransientRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Optional cap on tasks in flight across every process sharing the API key (a Redis semaphore).</summary>
    public int? AccountConcurrencyCap { get; set; }

    /// <summary>Redis key of the account-wide semaphore.</summary>
    public string AccountConcurrencyKey { get; set; } = "runware:account-concurrency";

    /// <summary>How long a lease of the account-wide semaphore lives unless renewed (a crashed process frees its slots).</summary>
    public TimeSpan AccountLeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    internal int EffectiveMaxInFlight => MaxInFlight ?? Connections * MaxInFlightPerConnection;

    internal TimeSpan TimeoutFor(string taskType) =>
        TaskTimeouts.TryGetValue(taskType, out var timeout) ? timeout : DefaultTaskTimeout;
}

/// <summary>Checks <see cref="RunwarePoolOptions"/> at start, naming the offending setting.</summary>
public sealed class RunwarePoolOptionsValidator : IValidateOptions<RunwarePoolOptions>
{
    public ValidateOptionsResult Validate(string? name, RunwarePoolOptions options)
    {
        const string Section = RunwarePoolOptions.SectionName;
        var failures = new List<string>();

        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{Section}:{setting} must be a positive time span (was {value}).");
            }
        }

        if (options.Connections is < 1 or > 256)
        {
            failures.Add($"{Section}:Connections must be between 1 and 256 (was {options.Connections}).");
        }

        if (options.MaxInFlightPerConnection < 1)
        {
            failures.Add($"{Section}:MaxInFlightPerConnection must be at least 1 (was {options.MaxInFlightPerConnection}).");
        }

        if (options.MaxInFlight is { } maxInFlight && (maxInFlight < 1 || maxInFlight > options.Connections * options.MaxInFlightPerConnection))
        {
            failures.Add($"{Section}:MaxInFlight must be between 1 and Connections × MaxInFlightPerConnection (was {maxInFlight}).");
        }

        if (options.MaxQueueLength < 0)
        {
            failures.Add($"{Section}:MaxQueueLength must not be negative (was {options.MaxQueueLength}).");
        }

        if (options.MaxTasksPerFrame < 1)
        {
            failures.Add($"{Section}:MaxTasksPerFrame must be at least 1 (was {options.MaxTasksPerFrame}).");
        }

        Positive(options.PingInterval, nameof(options.PingInterval));
        Positive(options.PongTimeout, nameof(options.PongTimeout));
        Positive(options.ConnectTimeout, nameof(options.ConnectTimeout));
        Positive(options.DefaultTaskTimeout, nameof(options.DefaultTaskTimeout));
        Positive(options.AsyncTaskTimeout, nameof(options.AsyncTaskTimeout));
        Positive(options.PollInterval, nameof(options.PollInterval));
        Positive(options.ReconnectDelay, nameof(options.ReconnectDelay));
        Positive(options.AuthenticationRetryInterval, nameof(options.AuthenticationRetryInterval));
        Positive(options.AccountLeaseDuration, nameof(options.AccountLeaseDuration));
        foreach (var (taskType, timeout) in options.TaskTimeouts)
        {
            Positive(timeout, $"TaskTimeouts:{taskType}");
        }

        if (options.MaxReconnectDelay < options.ReconnectDelay)
        {
            failures.Add($"{Section}:MaxReconnectDelay must not be shorter than ReconnectDelay.");
        }

        if (options.ReconnectJitter is < 0 or > 1)
        {
            failures.Add($"{Section}:ReconnectJitter must be between 0 and 1 (was {options.ReconnectJitter}).");
        }

        if (options.RedispatchAttempts < 0)
        {
            failures.Add($"{Section}:RedispatchAttempts must not be negative (was {options.RedispatchAttempts}).");
        }

        if (options.TransientRetries < 0)
        {
            failures.Add($"{Section}:TransientRetries must not be negative (was {options.TransientRetries}).");
        }

        if (options.AccountConcurrencyCap is < 1)
        {
            failures.Add($"{Section}:AccountConcurrencyCap must be at least 1 when set (was {options.AccountConcurrencyCap}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
