using RunwareCloud.Redis;

namespace RunwareCloud.Runware;

/// <summary>
/// The account-wide cap: every process using the API key takes a lease of one Redis semaphore per task, so no more than
/// <see cref="RunwarePoolOptions.AccountConcurrencyCap"/> tasks run at once across all of them. Leases expire on their own
/// if a process dies.
/// </summary>
public sealed class RedisRunwareConcurrencyLimiter(RedisSemaphore semaphore, RunwarePoolOptions options) : IRunwareConcurrencyLimiter
{
    private readonly int _cap = options.AccountConcurrencyCap
        ?? throw new InvalidOperationException($"{RunwarePoolOptions.SectionName}:AccountConcurrencyCap is not set.");

    public async ValueTask<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken) =>
        await semaphore.AcquireAsync(options.AccountConcurrencyKey, _cap, options.AccountLeaseDuration, cancellationToken).ConfigureAwait(false);
}
