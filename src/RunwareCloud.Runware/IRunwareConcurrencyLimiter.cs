namespace RunwareCloud.Runware;

/// <summary>
/// Caps tasks in flight beyond one process (e.g. account-wide, through a Redis semaphore). The pool takes one lease per
/// task after its local slot and disposes it when the task ends.
/// </summary>
public interface IRunwareConcurrencyLimiter
{
    ValueTask<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken);
}

/// <summary>No cap beyond the pool's own limits.</summary>
public sealed class UnlimitedRunwareConcurrency : IRunwareConcurrencyLimiter
{
    public static readonly UnlimitedRunwareConcurrency Instance = new();

    private static readonly IAsyncDisposable s_lease = new NoLease();

    public ValueTask<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken) => ValueTask.FromResult(s_lease);

    private sealed class NoLease : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
