using Microsoft.Extensions.Configuration;
using RunwareCloud.AppHost.Hosting.Dashboard;

namespace RunwareCloud.AppHost.Hosting;

/// <summary>Whether the application runs here or is being described for a deployment tool.</summary>
public sealed class DistributedApplicationExecutionContext(bool isPublishMode)
{
    public bool IsPublishMode { get; } = isPublishMode;

    public bool IsRunMode => !IsPublishMode;
}

public sealed class DistributedApplicationOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>Where servers keep data and generated secrets live; default <c>--data-dir</c> or <c>./.runwarecloud</c>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Settings layered over the environment (tests use this to point at servers or set parameters).</summary>
    public IDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>When false, the host's environment variables are ignored (tests that must start their own servers).</summary>
    public bool UseEnvironmentVariables { get; init; } = true;

    /// <summary>Where project assemblies are found; default: beside the running assembly's artifacts folder.</summary>
    public string? ProjectsBaseDirectory { get; init; }

    /// <summary>Print prefixed console output and the resource table (the AppHost's own console).</summary>
    public bool WriteToConsole { get; init; } = true;
}

/// <summary>Declares the application's resources (Aspire's <c>IDistributedApplicationBuilder</c>).</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    public DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        var configuration = new ConfigurationBuilder();
        if (options.UseEnvironmentVariables)
        {
            configuration.AddEnvironmentVariables();
        }

        configuration.AddInMemoryCollection(options.Configuration);
        Configuration = configuration.Build();

        var publisher = CommandLine.Value(options.Args, "--publisher");
        ExecutionContext = new DistributedApplicationExecutionContext(publisher is "manifest");
        ManifestPath = CommandLine.Value(options.Args, "--output-path");
        DataDirectory = Path.GetFullPath(options.DataDirectory
            ?? CommandLine.Value(options.Args, "--data-dir")
            ?? Path.Combine(Environment.CurrentDirectory, ".runwarecloud"));
    }

    public DistributedApplicationOptions Options { get; }

    public IConfiguration Configuration { get; }

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public string DataDirectory { get; }

    public string? ManifestPath { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    public IDashboardSink? Dashboard { get; private set; }

    /// <summary>Serves an operations dashboard: projects export OTLP to it, and it sees resources, logs and commands.</summary>
    public DistributedApplicationBuilder AddDashboard(IDashboardSink dashboard)
    {
        Dashboard = dashboard;
        return this;
    }

    /// <summary>Lines printed once everything is ready (e.g. the seeded login on a fresh install); null prints nothing.</summary>
    public List<Func<string?>> ReadyMessages { get; } = [];

    public DistributedApplicationBuilder OnReady(Func<string?> message)
    {
        ReadyMessages.Add(message);
        return this;
    }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(existing => string.Equals(existing.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build() => new(this);
}
