using System.Runtime.InteropServices;
using RunwareCloud.AppHost.Hosting.Dashboard;
using RunwareCloud.AppHost.Hosting.Publishing;
using RunwareCloud.AppHost.Hosting.Supervision;

namespace RunwareCloud.AppHost.Hosting;

/// <summary>
/// The built application: in run mode it starts every resource in dependency order and supervises it; in publish mode
/// (<c>--publisher manifest --output-path FILE</c>) it writes the deployment manifest and starts nothing.
/// </summary>
public sealed class DistributedApplication : IResourceService, IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly Dictionary<Resource, ResourceSupervisor> _supervisors = [];
    private readonly CancellationTokenSource _stopping = new();
    private ConsoleReporter? _console;
    private RunContext? _context;
    private bool _started;
    private bool _stopped;

    internal DistributedApplication(DistributedApplicationBuilder builder) => _builder = builder;

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(new DistributedApplicationOptions { Args = args });

    public static DistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new(options);

    public IReadOnlyList<Resource> Resources => _builder.Resources;

    public DistributedApplicationExecutionContext ExecutionContext => _builder.ExecutionContext;

    public Resource GetResource(string name) =>
        Resources.FirstOrDefault(resource => resource.Name == name) ?? throw new KeyNotFoundException($"No resource named '{name}'.");

    /// <summary>The HTTP base address of a project (run mode, after start).</summary>
    public Uri GetEndpoint(string name) =>
        GetResource(name) is ProjectResource project ? new Uri(project.Http.Url) : throw new InvalidOperationException($"{name} is not a project.");

    /// <summary>The connection string a resource hands to its consumers (run mode, after start).</summary>
    public string GetConnectionString(string name) =>
        GetResource(name) is IResourceWithConnectionString resource
            ? resource.GetConnectionString()
            : throw new InvalidOperationException($"{name} has no connection string.");

    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync()
    {
        if (ExecutionContext.IsPublishMode)
        {
            var path = _builder.ManifestPath ?? "aspire-manifest.json";
            ManifestWriter.Publish(Resources, path);
            Console.Out.WriteLine($"Wrote the manifest to {Path.GetFullPath(path)}");
            return;
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Cancel);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);

        // On a terminal, Ctrl+C reaches .NET as a cancel key press.
        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            await StartAsync(_stopping.Token);
            _console?.PrintEndpoints(_builder);
            await Task.WhenAll(Resources.Select(resource => _supervisors[resource].Ready)).WaitAsync(_stopping.Token);
            _console?.PrintReady(_builder);
            await Task.Delay(Timeout.Infinite, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"The application failed: {exception.Message}");
            Environment.ExitCode = 1;
        }
        finally
        {
            Console.Out.WriteLine("Stopping…");
            await StopAsync();
            Console.Out.WriteLine("Stopped.");
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            RequestStop();
        }

        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs args)
        {
            args.Cancel = true;
            RequestStop();
        }
    }

    /// <summary>Stops the application from a signal handler: cancellation callbacks run off the signal's thread.</summary>
    private void RequestStop() => _ = Task.Run(() =>
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    });

    /// <summary>Starts every resource (each waits for its dependencies) and returns without waiting for them.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("The application was already started.");
        }

        _started = true;
        Directory.CreateDirectory(_builder.DataDirectory);
        _context = new RunContext
        {
            DataDirectory = _builder.DataDirectory,
            Secrets = new SecretStore(_builder.DataDirectory),
            Configuration = _builder.Configuration,
            OtlpEndpoint = _builder.Dashboard?.OtlpEndpoint,
            Projects = _builder.Options.ProjectsBaseDirectory is { } baseDirectory ? new ProjectLocator(baseDirectory) : ProjectLocator.FromRunningAssembly(),
        };

        if (_builder.Options.WriteToConsole)
        {
            _console = new ConsoleReporter(Resources);
        }

        foreach (var resource in Resources)
        {
            resource.Allocate(_context);
            resource.Logs.LineAdded += line => LogReceived?.Invoke(resource.Name, line);
            _supervisors[resource] = new ResourceSupervisor(resource, _context, dependency => _supervisors[dependency], OnChanged);
        }

        if (_builder.Dashboard is { } dashboard)
        {
            await dashboard.StartAsync(this, cancellationToken);
        }

        foreach (var supervisor in _supervisors.Values)
        {
            supervisor.Start(_stopping.Token);
        }
    }

    /// <summary>Waits until the resource is ready (started and, when it has a health check, healthy).</summary>
    public Task WaitForResourceReadyAsync(string name, CancellationToken cancellationToken = default) =>
        _supervisors[GetResource(name)].Ready.WaitAsync(cancellationToken);

    public Task WaitForAllReadyAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_supervisors.Values.Select(supervisor => supervisor.Ready)).WaitAsync(cancellationToken);

    /// <summary>Each resource that is not healthy yet, with its state and last log lines: what to report when a start takes too long.</summary>
    public string DescribeUnready(int logLines = 5) => string.Join("; ", Resources
        .Where(resource => resource.Health != ResourceHealth.Healthy)
        .Select(resource => $"{resource.Name} ({resource.State}): " +
            string.Join(" / ", resource.Logs.Snapshot().TakeLast(logLines).Select(line => line.Text))));

    /// <summary>Stops everything this application started: processes first (dependents before dependencies), then servers.</summary>
    public async Task StopAsync()
    {
        if (_stopped || !_started)
        {
            return;
        }

        _stopped = true;
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }
        foreach (var layer in StopLayers())
        {
            await Task.WhenAll(layer.Where(_supervisors.ContainsKey).Select(resource => StopOneAsync(_supervisors[resource])));
        }

        if (_builder.Dashboard is { } dashboard)
        {
            await dashboard.StopAsync(CancellationToken.None);
        }

        _console?.Dispose();
    }

    private static async Task StopOneAsync(ResourceSupervisor supervisor)
    {
        try
        {
            await supervisor.StopAsync();
        }
        catch (Exception exception)
        {
            // One resource that fails to stop must not keep the others running.
            supervisor.Resource.Logs.Add($"failed to stop: {exception.Message}");
        }
    }

    /// <summary>Groups resources so that each group only depends on later groups.</summary>
    private List<List<Resource>> StopLayers()
    {
        var depth = new Dictionary<Resource, int>();
        int Depth(Resource resource, int guard)
        {
            if (depth.TryGetValue(resource, out var known))
            {
                return known;
            }

            var value = guard > 64 || resource.WaitsFor.Count == 0 ? 0 : resource.WaitsFor.Max(dependency => Depth(dependency, guard + 1)) + 1;
            if (resource is ProcessResource)
            {
                value += 1000;
            }

            return depth[resource] = value;
        }

        return [.. Resources.GroupBy(resource => Depth(resource, 0)).OrderByDescending(group => group.Key).Select(group => group.ToList())];
    }

    private void OnChanged(Resource resource)
    {
        _console?.OnChanged(resource);
        ResourceChanged?.Invoke(Snapshot(resource));
    }

    public event Action<ResourceSnapshot>? ResourceChanged;

    public event Action<string, ResourceLogLine>? LogReceived;

    public IReadOnlyList<ResourceSnapshot> GetResources() => [.. Resources.Select(Snapshot)];

    public IReadOnlyList<ResourceLogLine> GetLogs(string resourceName) => GetResource(resourceName).Logs.Snapshot();

    public Task ExecuteCommandAsync(string resourceName, ResourceCommand command, CancellationToken cancellationToken) =>
        _supervisors[GetResource(resourceName)].ExecuteAsync(command, _stopping.Token);

    public string? BusManagementUrl =>
        Resources.OfType<RabbitMQServerResource>().Select(resource => resource.ManagementUri).FirstOrDefault(uri => uri is not null);

    private static ResourceSnapshot Snapshot(Resource resource) => new()
    {
        Name = resource.Name,
        Type = resource.ResourceType,
        State = resource.State,
        Health = resource.Health,
        Urls = SafeUrls(resource),
        Pid = resource.Pid,
        StartedAt = resource.StartedAt,
        Restarts = resource.Restarts,
        ExitCode = resource.ExitCode,
        IsExternal = resource.IsExternal,
        Environment = resource.DisplayEnvironment,
    };

    private static IReadOnlyList<string> SafeUrls(Resource resource)
    {
        try
        {
            return resource.Urls;
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }
}
