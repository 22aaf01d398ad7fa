using RunwareCloud.AppHost.Hosting.Publishing;
using RunwareCloud.AppHost.Hosting.Supervision;

namespace RunwareCloud.AppHost.Hosting;

/// <summary>Lifecycle states shown on the console and the dashboard.</summary>
public enum ResourceState
{
    Pending,
    Waiting,
    Starting,
    Running,
    Exited,
    Restarting,
    Stopping,
    Stopped,
    FailedToStart,
}

public enum ResourceHealth
{
    Unknown,
    Healthy,
    Unhealthy,
}

/// <summary>What a resource needs while it runs: the application's data folder, secrets and configuration.</summary>
public sealed class RunContext
{
    public required string DataDirectory { get; init; }

    public required SecretStore Secrets { get; init; }

    public required Microsoft.Extensions.Configuration.IConfiguration Configuration { get; init; }

    public required string? OtlpEndpoint { get; init; }

    public required ProjectLocator Projects { get; init; }
}

/// <summary>A named part of the application model: a server, a database, a parameter, a project or an executable.</summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;

    /// <summary>A short kind shown to people ("Postgres", "Project", …).</summary>
    public abstract string ResourceType { get; }

    /// <summary>Resources that must be ready before this one starts.</summary>
    public List<Resource> WaitsFor { get; } = [];

    /// <summary>Resources created for this one that the manifest lists last (generated passwords).</summary>
    public List<Resource> ImplicitParameters { get; } = [];

    public ResourceLog Logs { get; } = new();

    public ResourceState State { get; internal set; } = ResourceState.Pending;

    public ResourceHealth Health { get; internal set; } = ResourceHealth.Unknown;

    public int? Pid { get; internal set; }

    public DateTimeOffset? StartedAt { get; internal set; }

    public int Restarts { get; internal set; }

    public int? ExitCode { get; internal set; }

    /// <summary>True when the resource is an existing server named by configuration: nothing is started for it.</summary>
    public bool IsExternal { get; protected set; }

    /// <summary>False for resources that only exist in run mode (e.g. emulators): they are left out of the manifest.</summary>
    public virtual bool IsPublished => true;

    /// <summary>Reserves ports and resolves secrets so every reference can be evaluated before anything starts.</summary>
    public virtual void Allocate(RunContext context)
    {
    }

    /// <summary>
    /// Starts the resource and returns once it was launched (servers: once they answer). Returns the process's exit task
    /// when there is a process to supervise, otherwise null.
    /// </summary>
    public virtual Task<Task<int>?> StartAsync(RunContext context, CancellationToken cancellationToken) => Task.FromResult<Task<int>?>(null);

    public virtual Task StopAsync() => Task.CompletedTask;

    /// <summary>One health probe; resources without a check are healthy while running.</summary>
    public virtual Task<bool> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>The URLs a person can open (projects) or the address of the server.</summary>
    public virtual IReadOnlyList<string> Urls => [];

    /// <summary>The environment the resource's process receives, secrets masked (for the dashboard).</summary>
    public virtual IReadOnlyDictionary<string, string> DisplayEnvironment => new Dictionary<string, string>();

    /// <summary>The ports this resource listens on in run mode (tests check they are released).</summary>
    public virtual IReadOnlyList<int> Ports => [];

    public abstract void WriteManifest(ManifestWriter writer);
}

public interface IResourceWithConnectionString : IValueProvider
{
    string Name { get; }

    string GetConnectionString();

    string ManifestConnectionString { get; }
}

/// <summary>A resource that receives environment variables (projects and executables).</summary>
public interface IResourceWithEnvironment
{
    string Name { get; }

    List<(string Name, IValueProvider Value)> EnvironmentVariables { get; }

    List<Resource> WaitsFor { get; }
}
