using Microsoft.Extensions.Options;

namespace RunwareCloud.Redis;

/// <summary>
/// A counting semaphore shared by every process: a sorted set per name whose members are lease ids scored by their expiry
/// (server time, so process clocks do not matter). Acquiring first drops expired leases, which is how the slots of a
/// crashed process come back. A held lease renews itself every third of its duration and is released on dispose.
/// </summary>
public sealed class RedisSemaphore(IRedisClient client, IOptions<RedisOptions> options)
{
    private const string Area = "semaphore";
    private static readonly TimeSpan s_maxPollDelay = TimeSpan.FromMilliseconds(200);

    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    private const string KeepKeyAlive = """
        local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        redis.call('PEXPIREAT', KEYS[1], tonumber(last[2]) + 1000)
        """;

    // Returns {1} when acquired, {0, ms until the earliest lease expires} when full.
    private static readonly RedisScript s_acquire = new(Now + """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if not redis.call('ZSCORE', KEYS[1], ARGV[3]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
          local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
          return {0, tonumber(first[2]) - now}
        end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
        """ + KeepKeyAlive + """
        return {1}
        """);

    private static readonly RedisScript s_renew = new(Now + """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
        if not score then return 0 end
        if tonumber(score) <= now then redis.call('ZREM', KEYS[1], ARGV[2]) return 0 end
        redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
        """ + KeepKeyAlive + """
        return 1
        """);

    /// <summary>Waits until one of <paramref name="limit"/> slots of <paramref name="name"/> is free and takes it.</summary>
    public async Task<RedisSemaphoreLease> AcquireAsync(string name, int limit, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var (lease, retryAfter) = await TryAcquireCoreAsync(name, limit, leaseDuration, cancellationToken).ConfigureAwait(false);
            if (lease is not null)
            {
                return lease;
            }

            var wait = retryAfter < delay ? retryAfter : delay;
            await Task.Delay(RedisClient.Jitter(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait), cancellationToken)
                .ConfigureAwait(false);
            delay = delay * 2 > s_maxPollDelay ? s_maxPollDelay : delay * 2;
        }
    }

    /// <summary>Takes a slot if one is free right now; null otherwise.</summary>
    public async Task<RedisSemaphoreLease?> TryAcquireAsync(string name, int limit, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
        (await TryAcquireCoreAsync(name, limit, leaseDuration, cancellationToken).ConfigureAwait(false)).Lease;

    /// <summary>How many unexpired leases <paramref name="name"/> has.</summary>
    public async Task<long> CountAsync(string name, CancellationToken cancellationToken = default)
    {
        var reply = await client.ExecuteAsync(["ZCOUNT", Key(name), "(" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "+inf"], null, cancellationToken)
            .ConfigureAwait(false);
        return reply.AsInt64();
    }

    private async Task<(RedisSemaphoreLease? Lease, TimeSpan RetryAfter)> TryAcquireCoreAsync(string name, int limit, TimeSpan leaseDuration,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseDuration, TimeSpan.FromMilliseconds(30));
        var key = Key(name);
        var id = Guid.NewGuid().ToString("N");
        var reply = await client.EvalAsync(s_acquire, [key], [limit, Milliseconds(leaseDuration), id], cancellationToken).ConfigureAwait(false);
        if (reply[0].AsInt64() == 1)
        {
            return (new RedisSemaphoreLease(client, s_renew, name, key, id, leaseDuration), TimeSpan.Zero);
        }

        return (null, TimeSpan.FromMilliseconds(Math.Max(0, reply[1].AsInt64())));
    }

    private string Key(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RedisKeys.Prefixed(options.Value.KeyPrefix, Area, name);
    }

    internal static long Milliseconds(TimeSpan duration) => (long)Math.Ceiling(duration.TotalMilliseconds);
}

/// <summary>A held slot of a <see cref="RedisSemaphore"/>. Renews itself until disposed; disposing releases the slot.</summary>
public sealed class RedisSemaphoreLease : IAsyncDisposable
{
    private readonly IRedisClient _client;
    private readonly RedisScript _renew;
    private readonly string _key;
    private readonly TimeSpan _duration;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _renewal;
    private int _disposed;

    internal RedisSemaphoreLease(IRedisClient client, RedisScript renew, string name, string key, string id, TimeSpan duration)
    {
        _client = client;
        _renew = renew;
        _key = key;
        _duration = duration;
        Name = name;
        Id = id;
        _renewal = Task.Run(RenewLoopAsync);
    }

    public string Name { get; }

    public string Id { get; }

    /// <summary>Cancelled when the lease could not be renewed before it expired and the slot may be someone else's now.</summary>
    public CancellationToken Lost => _lost.Token;

    private async Task RenewLoopAsync()
    {
        var expiresAt = DateTimeOffset.UtcNow + _duration;
        using var timer = new PeriodicTimer(_duration / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    var started = DateTimeOffset.UtcNow;
                    var reply = await _client.EvalAsync(_renew, [_key], [RedisSemaphore.Milliseconds(_duration), Id], _stop.Token)
                        .ConfigureAwait(false);
                    if (reply.AsInt64() != 1)
                    {
                        await _lost.CancelAsync().ConfigureAwait(false);
                        return;
                    }

                    expiresAt = started + _duration;
                }
                catch (Exception) when (!_stop.IsCancellationRequested && DateTimeOffset.UtcNow < expiresAt)
                {
                    // Redis is unreachable for now; try again on the next tick while the lease may still be ours.
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await _client.ExecuteAsync(["ZREM", _key, Id], TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or ObjectDisposedException)
        {
            // The lease expires on its own; releasing early is only a courtesy to the next waiter.
        }
    }
}
