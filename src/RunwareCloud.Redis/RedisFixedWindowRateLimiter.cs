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

    /// <summary>
    /// Most permits taken from Redis in one round trip and handed out locally until the window ends. 1 asks Redis for every
    /// permit; more keeps Redis off the hot path of busy callers, at the cost that permits one process took and did not use
    /// are lost to the others for the rest of the window (the shared limit is never exceeded).
    /// </summary>
    public int MaxLocalBatch { get; init; } = 1;
}

/// <summary>
/// A fixed-window limiter whose counter lives in Redis, so the limit holds across every process. The window starts with
/// the first permit and lasts <see cref="RedisFixedWindowRateLimiterOptions.Window"/>; rejected leases carry
/// <see cref="MetadataName.RetryAfter"/> (the time left in the window). It never queues.
/// </summary>
/// <remarks>
/// A Redis round trip cannot be made synchronously without blocking a thread, so <see cref="RateLimiter.AttemptAcquire"/>
/// answers from the permits already taken (or a window known to be exhausted) and otherwise "not acquired" without counting;
/// ASP.NET Core's rate limiting middleware then calls <see cref="RateLimiter.AcquireAsync"/>. Each refill in a window takes
/// twice the previous batch, up to <see cref="RedisFixedWindowRateLimiterOptions.MaxLocalBatch"/>, so occasional callers
/// take one permit at a time and busy ones quickly stop asking Redis.
/// </remarks>
public sealed class RedisFixedWindowRateLimiter : RateLimiter
{
    private const string Area = "ratelimit";

    // Checks before counting, so rejected requests do not extend anyone's wait; the key's TTL is the window. Grants between
    // ARGV[1] (what the caller needs) and ARGV[4] (the batch it would like), as far as the window has permits left.
    private static readonly RedisScript s_acquire = new("""
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        local permits = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        if count + permits > limit then
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) ttl = tonumber(ARGV[3]) end
          return {0, ttl, limit - count}
        end
        local granted = math.min(tonumber(ARGV[4]), limit - count)
        count = redis.call('INCRBY', KEYS[1], granted)
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) ttl = tonumber(ARGV[3]) end
        return {1, ttl, granted}
        """);

    private static readonly RateLimitLease s_notAttempted = new RedisRateLimitLease(false, null);

    private readonly IRedisClient _client;
    private readonly RedisFixedWindowRateLimiterOptions _options;
    private readonly string _key;
    private long _successful;
    private long _failed;
    private long _lastActivity = Stopwatch.GetTimestamp();
    private int _inFlight;

    // Permits taken from Redis for the window that ends at _windowEnds, and a window Redis said is used up.
    private readonly Lock _local = new();
    private int _localPermits;
    private int _nextBatch = 1;
    private long _windowEnds;
    private long _exhaustedUntil;

    public RedisFixedWindowRateLimiter(IRedisClient client, string partitionKey, RedisFixedWindowRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PermitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Window, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLocalBatch, 1);
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

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => TryAcquireLocally(permitCount) ?? s_notAttempted;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount > _options.PermitLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"At most {_options.PermitLimit} permits can be requested.");
        }

        if (TryAcquireLocally(permitCount) is { } local)
        {
            return local;
        }

        Interlocked.Increment(ref _inFlight);
        try
        {
            int batch;
            lock (_local)
            {
                batch = Math.Min(Math.Max(permitCount, _nextBatch), _options.PermitLimit);
            }

            var reply = await _client.EvalAsync(s_acquire, [_key],
                [permitCount, _options.PermitLimit, (long)Math.Ceiling(_options.Window.TotalMilliseconds), batch], cancellationToken).ConfigureAwait(false);
            var acquired = reply[0].AsInt64() == 1;
            var ttl = TimeSpan.FromMilliseconds(reply[1].AsInt64());
            Remember(acquired, ttl, (int)reply[2].AsInt64() - (acquired ? permitCount : 0));
            Interlocked.Increment(ref acquired ? ref _successful : ref _failed);
            return acquired ? new RedisRateLimitLease(true, null) : new RedisRateLimitLease(false, ttl);
        }
        finally
        {
            Volatile.Write(ref _lastActivity, Stopwatch.GetTimestamp());
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private RateLimitLease? TryAcquireLocally(int permitCount)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_local)
        {
            if (now < _windowEnds && _localPermits >= permitCount)
            {
                _localPermits -= permitCount;
                Interlocked.Increment(ref _successful);
                return new RedisRateLimitLease(true, null);
            }

            if (now < _exhaustedUntil)
            {
                Interlocked.Increment(ref _failed);
                return new RedisRateLimitLease(false, Stopwatch.GetElapsedTime(now, _exhaustedUntil));
            }
        }

        return null;
    }

    /// <summary>Keeps what Redis granted beyond this request, or that the window is used up, until the window ends.</summary>
    private void Remember(bool acquired, TimeSpan ttl, int leftOrSpare)
    {
        var now = Stopwatch.GetTimestamp();
        var windowEnds = now + (long)(ttl.TotalSeconds * Stopwatch.Frequency);
        lock (_local)
        {
            if (now >= _windowEnds)
            {
                _localPermits = 0;
                _nextBatch = 1;
            }

            _windowEnds = windowEnds;
            if (!acquired)
            {
                if (leftOrSpare <= 0)
                {
                    _exhaustedUntil = windowEnds;
                }

                return;
            }

            _localPermits += leftOrSpare;
            _nextBatch = Math.Min(_nextBatch * 2, _options.MaxLocalBatch);
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
