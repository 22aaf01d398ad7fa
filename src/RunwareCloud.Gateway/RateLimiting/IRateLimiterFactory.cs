using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Gateway.RateLimiting;

/// <summary>
/// Creates the limiter of one partition (a user, an API key or a client address). The seam between the gateway's policy
/// and where the counters live: in this process, or in Redis so that every gateway instance shares them.
/// </summary>
public interface IRateLimiterFactory
{
    RateLimiter Create(string partitionKey);
}

/// <summary>Fixed windows counted in this process: right for one gateway instance and for development.</summary>
public sealed class InProcessRateLimiterFactory(IOptions<GatewayOptions> options) : IRateLimiterFactory
{
    public RateLimiter Create(string partitionKey) => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
    {
        PermitLimit = options.Value.RateLimit.PermitLimit,
        Window = options.Value.RateLimit.Window,
        QueueLimit = 0,
        // The partitioned limiter replenishes its partitions on one timer instead of one timer per partition.
        AutoReplenishment = false,
    });
}
