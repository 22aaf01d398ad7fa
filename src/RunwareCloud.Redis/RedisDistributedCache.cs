using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Redis;

/// <summary>
/// <see cref="IDistributedCache"/> on Redis. Each entry is a hash (<c>data</c>, the sliding window <c>sld</c> and the
/// absolute expiry <c>abs</c>, both in milliseconds, -1 when unset) whose key TTL is the time left; a read slides the TTL
/// forward in the same script, never past the absolute expiry.
/// </summary>
public sealed class RedisDistributedCache(IRedisClient client, IOptions<RedisOptions> options, TimeProvider? timeProvider = null) : IDistributedCache
{
    private const string Area = "cache";

    private static readonly RedisScript s_getAndRefresh = new("""
        local v = redis.call('HMGET', KEYS[1], 'data', 'sld', 'abs')
        if not v[2] then return v[1] end
        local sld = tonumber(v[2])
        if sld > 0 then
          local ttl = sld
          local abs = tonumber(v[3])
          if abs > 0 then ttl = math.min(ttl, abs - tonumber(ARGV[1])) end
          if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) else redis.call('DEL', KEYS[1]) return false end
        end
        if ARGV[2] == '1' then return v[1] end
        return 1
        """);

    private static readonly RedisScript s_set = new("""
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'data', ARGV[1], 'sld', ARGV[2], 'abs', ARGV[3])
        if tonumber(ARGV[4]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
        return 1
        """);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var reply = await client.EvalAsync(s_getAndRefresh, [Key(key)], [Now(), "1"], token).ConfigureAwait(false);
        return reply.Kind == RedisReplyKind.BulkString ? reply.AsBytes() : null;
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = _time.GetUtcNow();
        var absolute = options.AbsoluteExpiration
            ?? (options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : (DateTimeOffset?)null);
        if (absolute <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The absolute expiration is in the past.");
        }

        var sliding = options.SlidingExpiration is { } window ? (long)Math.Ceiling(window.TotalMilliseconds) : -1;
        var absoluteMs = absolute?.ToUnixTimeMilliseconds() ?? -1;
        long ttl = (sliding, absolute) switch
        {
            ( > 0, { } abs) => Math.Min(sliding, (long)Math.Ceiling((abs - now).TotalMilliseconds)),
            ( > 0, null) => sliding,
            (_, { } abs) => (long)Math.Ceiling((abs - now).TotalMilliseconds),
            _ => -1,
        };
        await client.EvalAsync(s_set, [Key(key)], [value, sliding, absoluteMs, ttl], token).ConfigureAwait(false);
    }

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        client.EvalAsync(s_getAndRefresh, [Key(key)], [Now(), "0"], token);

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) => client.DeleteAsync(Key(key), token);

    private string Key(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RedisKeys.Prefixed(options.Value.KeyPrefix, Area, key);
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
