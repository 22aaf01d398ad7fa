using RunwareCloud.AppHost.Hosting.Networking;
using RunwareCloud.AppHost.Hosting.Processes;

namespace RunwareCloud.AppHost.Hosting.Servers;

/// <summary>Redis from the Debian package, in the foreground, without persistence (it holds caches and counters).</summary>
public sealed class RedisServer(string name, string dataDirectory, int port, Action<string> log) : LocalServer(name, log)
{
    public int Port { get; } = port;

    public override IReadOnlyList<int> Ports => [Port];

    public override string ConnectionString => $"127.0.0.1:{Port}";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var folder = dataDirectory;
        Directory.CreateDirectory(folder);
        var binary = FindBinary();
        var pidFile = Path.Combine(folder, "redis.pid");
        await StopLeftoverAsync(pidFile, pid => IsServerIn(pid, folder), cancellationToken);
        Process = ManagedProcess.Start(new ProcessSpec
        {
            FileName = binary,
            Arguments =
            [
                "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--daemonize", "no", "--dir", folder, "--save", "", "--appendonly", "no", "--logfile", "", "--pidfile", pidFile,
            ],
            WorkingDirectory = folder,
        }, Log);

        await WaitUntilReadyAsync(ct => Probes.RedisPingAsync("127.0.0.1", Port, null, ct), $"PONG on {Port}", cancellationToken);
    }

    public override async Task StopAsync()
    {
        if (Process is not { HasExited: false } process)
        {
            return;
        }

        await process.StopAsync(
            () => Probes.RedisCommandAsync("127.0.0.1", Port, null, ["SHUTDOWN", "NOSAVE"], CancellationToken.None),
            TimeSpan.FromSeconds(10));
    }

    // Redis rewrites its command line; its working directory is the folder.
    private static bool IsServerIn(int pid, string folder) =>
        File.ReadAllText($"/proc/{pid}/cmdline").Contains("redis-server", StringComparison.Ordinal)
        && new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName == Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));

    private static string FindBinary()
    {
        foreach (var candidate in new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("redis-server is not installed: run scripts/prerequisites.sh.");
    }
}
