using System.Threading.RateLimiting;
using RunwareCloud.Redis;

namespace RunwareCloud.Gateway.RateLimiting;

/// <summary>
/// Lets requests through when the limiter's store cannot answer: a Redis outage should cost the rate limit, not the
/// whole API.
/// </summary>
public sealed partial class FailOpenRateLimiter(RateLimiter inner, ILogger<FailOpenRateLimiter> logger) : RateLimiter
{
    private static readonly RateLimitLease s_granted = new GrantedLease();

    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.AcquireAsync(permitCount, cancellationToken);
        }
        catch (RedisException exception)
        {
            LogLimiterUnavailable(logger, exception);
            return s_granted;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
    }

    protected override ValueTask DisposeAsyncCore() => inner.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The rate limiter's store is unavailable; the request was let through")]
    private static partial void LogLimiterUnavailable(ILogger logger, Exception exception);

    private sealed class GrantedLease : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
