using RunwareCloud.AppHost.Hosting.Supervision;

namespace RunwareCloud.AppHost.Hosting.Dashboard;

/// <summary>A resource as the dashboard shows it, at one moment. Secrets in <see cref="Environment"/> are masked.</summary>
public sealed record ResourceSnapshot
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required ResourceState State { get; init; }
    public required ResourceHealth Health { get; init; }
    public required IReadOnlyList<string> Urls { get; init; }
    public int? Pid { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public int Restarts { get; init; }
    public int? ExitCode { get; init; }
    public bool IsExternal { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
}

public enum ResourceCommand
{
    Start,
    Stop,
    Restart,
}

/// <summary>
/// What the application exposes to an operations dashboard: the resources, their console output and commands.
/// The dashboard subscribes once the application has started; events are raised on the host's threads.
/// </summary>
public interface IResourceService
{
    IReadOnlyList<ResourceSnapshot> GetResources();

    /// <summary>Raised whenever a resource's state, health, PID or restart count changes.</summary>
    event Action<ResourceSnapshot>? ResourceChanged;

    /// <summary>The buffered console lines of one resource (the last 2000).</summary>
    IReadOnlyList<ResourceLogLine> GetLogs(string resourceName);

    /// <summary>Raised for every console line of every resource.</summary>
    event Action<string, ResourceLogLine>? LogReceived;

    Task ExecuteCommandAsync(string resourceName, ResourceCommand command, CancellationToken cancellationToken);

    /// <summary>The management API of the RabbitMQ broker the host runs (credentials included), for queue depths; null when it runs none.</summary>
    string? BusManagementUrl => null;
}

/// <summary>
/// A dashboard served by the host: started after the resources are declared (so its OTLP endpoint can be handed to
/// every project) and stopped last.
/// </summary>
public interface IDashboardSink
{
    /// <summary>The OTLP/HTTP base address projects export to (e.g. <c>http://127.0.0.1:4318</c>), or null for none.</summary>
    string? OtlpEndpoint { get; }

    /// <summary>The URL a person opens, printed by the host.</summary>
    string? Url { get; }

    Task StartAsync(IResourceService resources, CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);
}
