using Microsoft.Extensions.Caching.Distributed;
using RunwareCloud.Runware;

namespace RunwareCloud.Generation.Api.Apis;

/// <summary>
/// Knows whether Runware has a model, asking its model search once per model and remembering the answer in Redis, so a
/// typo in a model id is a 400 at submit instead of a failed job later.
/// </summary>
public sealed class ModelAvailability(IRunwareClient runware, IDistributedCache cache, ILogger<ModelAvailability> logger)
{
    private static readonly TimeSpan s_lifetime = TimeSpan.FromHours(1);

    /// <summary>True or false when Runware answered; null when it could not be asked (the job will find out).</summary>
    public async Task<bool?> ExistsAsync(string air, CancellationToken cancellationToken)
    {
        var key = $"models:exists:{air.ToLowerInvariant()}";
        if (await cache.GetStringAsync(key, cancellationToken) is { } cached)
        {
            return cached == "1";
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var result = await runware.SearchModelsAsync(new ModelSearchRequest { Search = air, Limit = 50 }, timeout.Token);
            var exists = result.Results.Any(model => string.Equals(model.Air, air, StringComparison.OrdinalIgnoreCase));
            await cache.SetStringAsync(key, exists ? "1" : "0",
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = s_lifetime }, cancellationToken);
            return exists;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Model search for {Model} failed ({Error}); accepting the model unchecked", air, exception.GetType().Name);
            return null;
        }
    }
}
