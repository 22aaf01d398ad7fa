using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Runware.Emulator.Accounting;

/// <summary>Caps the tasks running at once per API key; the rest wait in arrival order.</summary>
public sealed class ConcurrencyGate(IOptions<EmulatorOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    public async Task<IDisposable> EnterAsync(string apiKey, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(apiKey, _ => new SemaphoreSlim(Math.Max(1, options.Value.MaxConcurrentTasksPerApiKey)));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
