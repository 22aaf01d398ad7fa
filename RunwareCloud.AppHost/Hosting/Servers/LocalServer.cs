using RunwareCloud.AppHost.Hosting.Processes;

namespace RunwareCloud.AppHost.Hosting.Servers;

/// <summary>
/// A server binary run as a child process of the host on loopback ports, with its data under a folder of the host's
/// data directory. <see cref="StartAsync"/> returns once the server answers its protocol.
/// </summary>
public abstract class LocalServer : IAsyncDisposable
{
    protected static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int RememberedLines = 15;
    private readonly Queue<string> _lastLines = new();

    protected LocalServer(string name, Action<string> log)
    {
        Name = name;
        Log = line =>
        {
            lock (_lastLines)
            {
                _lastLines.Enqueue(line);
                if (_lastLines.Count > RememberedLines)
                {
                    _lastLines.Dequeue();
                }
            }

            log(line);
        };
    }

    public string Name { get; }

    /// <summary>Where the server's output goes; the last lines are also kept for the error of a server that dies starting.</summary>
    protected Action<string> Log { get; }

    public ManagedProcess? Process { get; protected set; }

    /// <summary>Completes when the server process ends (for supervision); never completes before it started.</summary>
    public Task<int> Exited => Process?.Exited ?? new TaskCompletionSource<int>().Task;

    public abstract string ConnectionString { get; }

    /// <summary>The ports this server listens on (for tests that check they are released).</summary>
    public abstract IReadOnlyList<int> Ports { get; }

    public abstract Task StartAsync(CancellationToken cancellationToken);

    public abstract Task StopAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Polls <paramref name="ready"/> until it succeeds, failing early when the process exits.</summary>
    protected async Task WaitUntilReadyAsync(Func<CancellationToken, Task<bool>> ready, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Process is { HasExited: true } process)
            {
                var code = await process.Exited;
                // Bounded: a grandchild the server left behind may hold its output open.
                await Task.WhenAny(process.OutputEnded, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
                string lastLines;
                lock (_lastLines)
                {
                    lastLines = string.Join(Environment.NewLine, _lastLines);
                }

                throw new InvalidOperationException($"{Name} exited with code {code} before {what}. Its last output:{Environment.NewLine}{lastLines}");
            }

            if (await ready(cancellationToken))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not become ready ({what}) within {StartTimeout.TotalSeconds:0}s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    protected static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";
}
