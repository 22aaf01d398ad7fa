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

    /// <summary>
    /// A host that was killed could not stop its servers: one it started may still run on this server's data folder. When
    /// <paramref name="pidFile"/> names a live process that <paramref name="belongsHere"/> (the number may have been reused
    /// since), it is asked to stop, then made to.
    /// </summary>
    protected async Task StopLeftoverAsync(string pidFile, Func<int, bool> belongsHere, CancellationToken cancellationToken)
    {
        if (!File.Exists(pidFile) || !int.TryParse((await File.ReadAllTextAsync(pidFile, cancellationToken)).Trim(), out var pid)
            || !IsAlive(pid, belongsHere))
        {
            return;
        }

        Log($"a {Name} server an earlier host left running (pid {pid}) uses this folder; stopping it");
        var pidText = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await CommandRunner.RunAsync("kill", ["-TERM", pidText], cancellationToken: cancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (IsAlive(pid, belongsHere))
        {
            if (DateTime.UtcNow > deadline)
            {
                await CommandRunner.RunAsync("kill", ["-KILL", pidText], cancellationToken: cancellationToken);
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static bool IsAlive(int pid, Func<int, bool> belongsHere)
    {
        try
        {
            return belongsHere(pid);
        }
        catch (IOException)
        {
            // Gone: /proc has no entry for it any more.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
