using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Orders.Api.Pmr;

/// <summary>Asks the PMR whether an event id exists, cached in Redis (a confirmed id for an hour, an unknown one briefly).</summary>
public sealed class PmrEventValidator(PmrClient pmr, IDistributedCache cache, IOptions<PmrOptions> options)
{
    private static readonly TimeSpan s_unknownCacheDuration = TimeSpan.FromMinutes(1);

    public async Task<bool> ExistsAsync(string eventId, CancellationToken cancellationToken)
    {
        var key = $"orders:pmr-event:{eventId}";
        if (await cache.GetStringAsync(key, cancellationToken) is { } cached)
        {
            return cached == "1";
        }

        var exists = await pmr.EventExistsAsync(eventId, cancellationToken);
        await cache.SetStringAsync(key, exists ? "1" : "0", new DistributedCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = exists ? options.Value.EventCacheDuration : s_unknownCacheDuration,
        }, cancellationToken);
        return exists;
    }
}
