/// <summary>
/// Adds up the CPU the runtime's tiered-compilation threads use while it runs. Those threads exit when idle and start
/// again when needed, so it samples them twice a second and counts each thread's growth, a new thread from zero.
/// </summary>
internal sealed class JitWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private double _seconds;

    public JitWatch() => _sampling = SampleAsync(_stop.Token);

    public double Seconds => Volatile.Read(ref _seconds);

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var previous = MachineCpu.JitThreads();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await Next(timer, cancellationToken))
        {
            var current = MachineCpu.JitThreads();
            var grown = current.Sum(thread => Math.Max(0, thread.Value - previous.GetValueOrDefault(thread.Key)));
            Volatile.Write(ref _seconds, _seconds + grown);
            previous = current;
        }
    }

    private static async Task<bool> Next(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
