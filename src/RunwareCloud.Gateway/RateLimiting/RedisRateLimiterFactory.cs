using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RunwareCloud.Redis;

namespace RunwareCloud.Gateway.RateLimiting;

/// <summary>Fixed windows counted in Redis, so that every gateway instance enforces one shared limit per caller.</summary>
public sealed class RedisRateLimiterFactory(
    IRedisClient client,
    IOptions<RedisOptions> redis,
    IOptions<GatewayOptions> gateway,
    ILogger<FailOpenRateLimiter> logger) : IRateLimiterFactory
{
    private const string KeyArea = "gateway:";

    public RateLimiter Create(string partitionKey) => new FailOpenRateLimiter(
        new RedisFixedWindowRateLimiter(client, partitionKey, new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = gateway.Value.RateLimit.PermitLimit,
            Window = gateway.Value.RateLimit.Window,
            MaxLocalBatch = gateway.Value.RateLimit.MaxLocalBatch,
            KeyPrefix = redis.Value.KeyPrefix + KeyArea,
        }),
        logger);
}
