using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using RunwareCloud.AppHost.Hosting.Networking;
using RunwareCloud.AppHost.Hosting.Processes;

namespace RunwareCloud.AppHost.Hosting.Servers;

/// <summary>The ports one RabbitMQ node needs: AMQP, Erlang distribution, its private epmd and the management API.</summary>
public sealed record RabbitMQPorts(int Amqp, int Distribution, int Epmd, int Management)
{
    public static RabbitMQPorts Allocate() => new(FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
}

/// <summary>
/// RabbitMQ from the Debian package, run through <c>/usr/lib/rabbitmq/bin/rabbitmq-server</c> directly (the Debian wrapper
/// switches user and ignores the environment) with its own node name, ports, private epmd and cookie folder, so that
/// several nodes can run on one machine. The management plugin is enabled.
/// </summary>
public sealed class RabbitMQServer(string name, string dataDirectory, RabbitMQPorts ports, string userName, string password, Action<string> log)
    : LocalServer(name, log)
{
    private const string ScriptsDirectory = "/usr/lib/rabbitmq/bin";
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public RabbitMQPorts PortSet { get; } = ports;

    public override IReadOnlyList<int> Ports => [PortSet.Amqp, PortSet.Distribution, PortSet.Epmd, PortSet.Management];

    public override string ConnectionString => $"amqp://{userName}:{password}@127.0.0.1:{PortSet.Amqp}/";

    public string ManagementUri => $"http://{userName}:{password}@127.0.0.1:{PortSet.Management}/";

    private string Folder => dataDirectory;

    /// <summary>Stable per data folder, so a restart finds its own Mnesia database again.</summary>
    private string NodeName =>
        $"rabbit-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(Folder))))[..8]}@localhost";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var server = Path.Combine(ScriptsDirectory, "rabbitmq-server");
        if (!File.Exists(server))
        {
            throw new InvalidOperationException("rabbitmq-server is not installed: run scripts/prerequisites.sh.");
        }

        Directory.CreateDirectory(Path.Combine(Folder, "log"));
        Directory.CreateDirectory(Path.Combine(Folder, "mnesia"));
        await File.WriteAllTextAsync(Path.Combine(Folder, "rabbitmq.conf"), $"""
            listeners.tcp.1 = 127.0.0.1:{PortSet.Amqp}
            default_user = {userName}
            default_pass = {password}
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {PortSet.Management}
            log.console = true
            log.console.level = info

            """, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Folder, "advanced.config"), "[].\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Folder, "rabbitmq-env.conf"), "", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Folder, "enabled_plugins"), "[rabbitmq_management].\n", cancellationToken);

        // A second node on this folder would fight the first over its database.
        await StopLeftoverAsync(Path.Combine(Folder, "rabbit.pid"), IsNodeOfThisFolder, cancellationToken);
        Process = ManagedProcess.Start(new ProcessSpec { FileName = server, WorkingDirectory = Folder, Environment = Environment() }, Log);

        await WaitUntilReadyAsync(ct => Probes.AmqpHandshakeAsync("127.0.0.1", PortSet.Amqp, ct), $"AMQP on {PortSet.Amqp}", cancellationToken);
        await CommandRunner.RunCheckedAsync(Path.Combine(ScriptsDirectory, "rabbitmqctl"), ["-q", "await_startup", "--timeout", "60"],
            Environment(), TimeSpan.FromSeconds(70), cancellationToken);
        await WaitUntilReadyAsync(ManagementAnswersAsync, $"management API on {PortSet.Management}", cancellationToken);
    }

    public override async Task StopAsync()
    {
        if (Process is { HasExited: false } process)
        {
            await process.StopAsync(
                () => CommandRunner.RunAsync(Path.Combine(ScriptsDirectory, "rabbitmqctl"), ["-q", "stop"], Environment(), TimeSpan.FromSeconds(30)),
                TimeSpan.FromSeconds(30));
        }

        if (Process is not null)
        {
            // The node's private epmd outlives it (and any rabbitmqctl call starts it when absent).
            await CommandRunner.RunAsync("epmd", ["-port", PortSet.Epmd.ToString(CultureInfo.InvariantCulture), "-kill"],
                timeout: TimeSpan.FromSeconds(10));
        }
    }

    // The node's command line names its folder (its HOME); its pid file names the Erlang VM.
    private bool IsNodeOfThisFolder(int pid)
    {
        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        return commandLine.Contains("beam", StringComparison.Ordinal) && commandLine.Contains(Folder, StringComparison.Ordinal);
    }

    private async Task<bool> ManagementAnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{PortSet.Management}/api/overview");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
            using var response = await s_http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["HOME"] = Folder,
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = PortSet.Amqp.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = PortSet.Distribution.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_PORT"] = PortSet.Epmd.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(Folder, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(Folder, "log"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(Folder, "rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(Folder, "advanced.config"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(Folder, "rabbitmq-env.conf"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(Folder, "enabled_plugins"),
        ["RABBITMQ_PID_FILE"] = Path.Combine(Folder, "rabbit.pid"),
        // Erlang schedulers busy-wait for work by default, which takes cores from every other process on a shared machine.
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none",
    };
}
