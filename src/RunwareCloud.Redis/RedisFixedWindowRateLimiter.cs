using System.Diagnostics;
using System.Threading.RateLimiting;

namespace RunwareCloud.Redis;

public sealed class RedisFixedWindowRateLimiterOptions
{
    /// <summary>Permits per window, shared by every process that uses the same partition key.</summary>
    public required int PermitLimit { get; init; }

    public required TimeSpan Window { get; init; }

    /// <summary>Prepended to the counter's key (normally <see cref="RedisOptions.KeyPrefix"/>).</summary>
    public string KeyPrefix { get; init; } = "";
}

/// <summary>
/// A fixed-window limiter whose counter lives in Redis, so the limit holds across every process. The window starts with
/// the first permit and lasts <see cref="RedisFixedWindowRateLimiterOptions.Window"/>; rejected leases carry
/// <see cref="MetadataName.RetryAfter"/> (the time left in the window). It never queues.
/// </summary>
/// <remarks>
/// A Redis round trip cannot be made synchronously without blocking a thread, so <see cref="RateLimiter.AttemptAcquire"/>
/// answers "not acquired" without counting; ASP.NET Core's rate limiting middleware then calls <see cref="RateLimiter.AcquireAsync"/>.
/// </remarks>
public sealed class RedisFixedWindowRateLimiter : RateLimiter
{
    private const string Area = "ratelimit";

    // Checks before counting, so rejected requests do not extend anyone's wait; the key's TTL is the window.
    private static readonly RedisScript s_acquire = new("""
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        local permits = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        if count + permits > limit then
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) ttl = tonumber(ARGV[3]) end
          return {0, ttl}
        end
        count = redis.call('INCRBY', KEYS[1], permits)
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) ttl = tonumber(ARGV[3]) end
        return {1, ttl, limit - count}
        """);

    private static readonly RateLimitLease s_notAttempted = new RedisRateLimitLease(false, null);

    private readonly IRedisClient _client;
    private readonly RedisFixedWindowRateLimiterOptions _options;
    private readonly string _key;
    private long _successful;
    private long _failed;
    private long _lastActivity = Stopwatch.GetTimestamp();
    private int _inFlight;

    public RedisFixedWindowRateLimiter(IRedisClient client, string partitionKey, RedisFixedWindowRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PermitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Window, TimeSpan.FromMilliseconds(1));
        _client = client;
        _options = options;
        _key = RedisKeys.Prefixed(options.KeyPrefix, Area, partitionKey);
    }

    public override TimeSpan? IdleDuration =>
        Volatile.Read(ref _inFlight) > 0 ? null : Stopwatch.GetElapsedTime(Volatile.Read(ref _lastActivity));

    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = 0,
        CurrentQueuedCount = 0,
        TotalSuccessfulLeases = Interlocked.Read(ref _successful),
        TotalFailedLeases = Interlocked.Read(ref _failed),
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => s_notAttempted;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount > _options.PermitLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"At most {_options.PermitLimit} permits can be requested.");
        }

        Interlocked.Increment(ref _inFlight);
        try
        {
            var reply = await _client.EvalAsync(s_acquire, [_key],
                [permitCount, _options.PermitLimit, (long)Math.Ceiling(_options.Window.TotalMilliseconds)], cancellationToken).ConfigureAwait(false);
            var acquired = reply[0].AsInt64() == 1;
            Interlocked.Increment(ref acquired ? ref _successful : ref _failed);
            return acquired ? new RedisRateLimitLease(true, null) : new RedisRateLimitLease(false, TimeSpan.FromMilliseconds(reply[1].AsInt64()));
        }
        finally
        {
            Volatile.Write(ref _lastActivity, Stopwatch.GetTimestamp());
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private sealed class RedisRateLimitLease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
