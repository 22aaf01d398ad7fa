using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using RunwareCloud.Runware;

namespace RunwareCloud.Generation.Api.Apis;

/// <summary>
/// Knows whether Runware has a model, asking its model search once per model and remembering the answer in Redis, so a
/// typo in a model id is a 400 at submit instead of a failed job later. Each process also keeps the answer for a minute,
/// so the models in use cost no Redis round trip per submit.
/// </summary>
public sealed class ModelAvailability(IRunwareClient runware, IDistributedCache cache, IMemoryCache recent, ILogger<ModelAvailability> logger)
{
    private static readonly TimeSpan s_lifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_recentLifetime = TimeSpan.FromMinutes(1);

    /// <summary>True or false when Runware answered; null when it could not be asked (the job will find out).</summary>
    public async Task<bool?> ExistsAsync(string air, CancellationToken cancellationToken)
    {
        var key = $"models:exists:{air.ToLowerInvariant()}";
        if (recent.TryGetValue(key, out bool known))
        {
            return known;
        }

        if (await cache.GetStringAsync(key, cancellationToken) is { } cached)
        {
            return recent.Set(key, cached == "1", s_recentLifetime);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var result = await runware.SearchModelsAsync(new ModelSearchRequest { Search = air, Limit = 50 }, timeout.Token);
            var exists = result.Results.Any(model => string.Equals(model.Air, air, StringComparison.OrdinalIgnoreCase));
            await cache.SetStringAsync(key, exists ? "1" : "0",
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = s_lifetime }, cancellationToken);
            return recent.Set(key, exists, s_recentLifetime);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Model search for {Model} failed ({Error}); accepting the model unchecked", air, exception.GetType().Name);
            return null;
        }
    }
}
