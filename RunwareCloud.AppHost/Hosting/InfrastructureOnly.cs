using System.Runtime.InteropServices;
using System.Text;
using RunwareCloud.AppHost.Hosting.Networking;
using RunwareCloud.AppHost.Hosting.Servers;

namespace RunwareCloud.AppHost.Hosting;

/// <summary>
/// <c>--infrastructure-only --data-dir DIR --env-file FILE</c>: starts throwaway Postgres, Redis and RabbitMQ servers
/// (the test run's servers), writes their connection strings to FILE as shell assignments, and stops them on SIGTERM
/// or Ctrl+C.
/// </summary>
public static class InfrastructureOnly
{
    public const string Switch = "--infrastructure-only";
    public const string MessagingUser = "runwarecloud";

    public static async Task<int> RunAsync(string[] args)
    {
        var dataDirectory = Path.GetFullPath(CommandLine.Value(args, "--data-dir")
            ?? Path.Combine(Path.GetTempPath(), $"runwarecloud-infra-{Environment.ProcessId}"));
        var envFile = CommandLine.Value(args, "--env-file");

        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopping.Cancel(); });

        await using var infrastructure = new InfrastructureSet(dataDirectory, fastUnsafeSettings: true,
            (server, line) => Console.WriteLine($"{server,-10} | {line}"));
        try
        {
            await infrastructure.StartAsync(stopping.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"infrastructure failed to start: {exception.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        if (envFile is not null)
        {
            WriteEnvFile(envFile, infrastructure.EnvironmentVariables());
        }

        Console.WriteLine($"infrastructure ready (data in {dataDirectory}); stop with SIGTERM or Ctrl+C");
        var exited = infrastructure.Servers.Select(server => (Task)server.Exited).ToList();
        var firstExit = Task.WhenAny(exited);
        await Task.WhenAny(firstExit, Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        if (!stopping.IsCancellationRequested)
        {
            var crashed = infrastructure.Servers.First(server => server.Exited.IsCompleted);
            await Console.Error.WriteLineAsync($"{crashed.Name} exited unexpectedly with code {await crashed.Exited}");
        }

        Console.WriteLine("stopping infrastructure");
        return stopping.IsCancellationRequested ? 0 : 1;
    }

    /// <summary>Writes the file through a temporary file and a rename, so a reader never sees half of it.</summary>
    public static void WriteEnvFile(string path, IReadOnlyDictionary<string, string> variables)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var content = new StringBuilder();
        foreach (var (name, value) in variables)
        {
            content.Append(name).Append("='").Append(value.Replace("'", "'\\''", StringComparison.Ordinal)).Append("'\n");
        }

        var temporary = full + ".tmp";
        File.WriteAllText(temporary, content.ToString());
        File.Move(temporary, full, overwrite: true);
    }
}

/// <summary>One Postgres, one Redis and one RabbitMQ, started in parallel on free loopback ports under one folder.</summary>
public sealed class InfrastructureSet : IAsyncDisposable
{
    public InfrastructureSet(string dataDirectory, bool fastUnsafeSettings, Action<string, string> log)
    {
        Directory.CreateDirectory(dataDirectory);
        var secrets = new SecretStore(dataDirectory);
        Postgres = new PostgresServer("postgres", Path.Combine(dataDirectory, "postgres"), FreePorts.Next(), secrets.GetOrGenerate("postgres-password"),
            fastUnsafeSettings, line => log("postgres", line));
        Redis = new RedisServer("redis", Path.Combine(dataDirectory, "redis"), FreePorts.Next(), line => log("redis", line));
        Messaging = new RabbitMQServer("messaging", Path.Combine(dataDirectory, "rabbitmq"), RabbitMQPorts.Allocate(), InfrastructureOnly.MessagingUser,
            secrets.GetOrGenerate("messaging-password"), line => log("messaging", line));
    }

    public PostgresServer Postgres { get; }

    public RedisServer Redis { get; }

    public RabbitMQServer Messaging { get; }

    public IReadOnlyList<LocalServer> Servers => [Postgres, Redis, Messaging];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var starts = Servers.Select(server => server.StartAsync(cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            var failures = starts.Where(task => task.IsFaulted).SelectMany(task => task.Exception!.InnerExceptions).ToList();
            await StopAsync();
            if (failures.Count > 0)
            {
                throw new AggregateException(failures.Select(f => f.Message).Aggregate((a, b) => $"{a}; {b}"), failures);
            }

            throw;
        }
    }

    public IReadOnlyDictionary<string, string> EnvironmentVariables() => new Dictionary<string, string>
    {
        ["ConnectionStrings__postgres"] = Postgres.ConnectionString,
        ["ConnectionStrings__redis"] = Redis.ConnectionString,
        ["ConnectionStrings__messaging"] = Messaging.ConnectionString,
        ["RUNWARECLOUD_RABBITMQ_MANAGEMENT"] = Messaging.ManagementUri,
    };

    public async Task StopAsync() => await Task.WhenAll(Servers.Select(server => server.StopAsync()));

    public async ValueTask DisposeAsync() => await StopAsync();
}

public static class CommandLine
{
    public static string? Value(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }

    public static bool Has(string[] args, string name) => args.Contains(name, StringComparer.Ordinal);
}
