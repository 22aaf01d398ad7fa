using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Redis;

/// <summary>Redis-backed counterparts of <see cref="RateLimitPartition"/>'s factories, for <c>options.AddPolicy(...)</c>.</summary>
public static class RedisRateLimitPartition
{
    /// <summary>A fixed-window partition whose counter is shared through Redis by every process.</summary>
    public static RateLimitPartition<TKey> GetFixedWindowLimiter<TKey>(IRedisClient client, TKey partitionKey,
        Func<TKey, RedisFixedWindowRateLimiterOptions> factory) where TKey : notnull =>
        RateLimitPartition.Get(partitionKey, key => new RedisFixedWindowRateLimiter(client, key.ToString()!, factory(key)));

    /// <summary>
    /// As above, taking the client and the key prefix from <paramref name="services"/> (for example <c>HttpContext.RequestServices</c>):
    /// <c>options.AddPolicy("per-user", context => RedisRateLimitPartition.GetFixedWindowLimiter(context.RequestServices, userId, _ => new() { PermitLimit = 20, Window = TimeSpan.FromSeconds(10) }))</c>.
    /// </summary>
    public static RateLimitPartition<TKey> GetFixedWindowLimiter<TKey>(IServiceProvider services, TKey partitionKey,
        Func<TKey, RedisFixedWindowRateLimiterOptions> factory) where TKey : notnull
    {
        var client = services.GetRequiredService<IRedisClient>();
        var prefix = services.GetService<IOptions<RedisOptions>>()?.Value.KeyPrefix ?? "";
        return RateLimitPartition.Get(partitionKey, key =>
        {
            var options = factory(key);
            return new RedisFixedWindowRateLimiter(client, key.ToString()!,
                options.KeyPrefix.Length > 0 ? options : new RedisFixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = options.Window,
                    KeyPrefix = prefix,
                });
        });
    }
}
