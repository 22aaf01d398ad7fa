using System.Globalization;
using RunwareCloud.AppHost.Hosting.Networking;
using RunwareCloud.AppHost.Hosting.Processes;
using RunwareCloud.AppHost.Hosting.Publishing;

namespace RunwareCloud.AppHost.Hosting;

/// <summary>An HTTP endpoint of a project, usable in references and expressions.</summary>
public sealed class EndpointReference(ProjectResource owner, string name)
{
    public ProjectResource Owner { get; } = owner;

    public string EndpointName { get; } = name;

    public int Port => Owner.Port ?? throw new InvalidOperationException($"{Owner.Name} has no port before the application starts.");

    public string Host => "127.0.0.1";

    public string Url => $"http://{Host}:{Port}";

    public IValueProvider UrlValue => new EndpointProperty(this, "url", () => Url);

    public IValueProvider HostAndPort => new EndpointProperty(this, null, () => $"{Host}:{Port}");

    private sealed class EndpointProperty(EndpointReference endpoint, string? property, Func<string> value) : IValueProvider
    {
        public string GetValue() => value();

        public string ManifestExpression => property is null
            ? $"{{{endpoint.Owner.Name}.bindings.{endpoint.EndpointName}.host}}:{{{endpoint.Owner.Name}.bindings.{endpoint.EndpointName}.port}}"
            : $"{{{endpoint.Owner.Name}.bindings.{endpoint.EndpointName}.{property}}}";

        public bool IsSecret => false;
    }
}

/// <summary>A process the host starts and supervises, with environment variables from references.</summary>
public abstract class ProcessResource(string name) : Resource(name), IResourceWithEnvironment
{
    private ManagedProcess? _process;

    public List<(string Name, IValueProvider Value)> EnvironmentVariables { get; } = [];

    public List<string> Arguments { get; } = [];

    protected abstract ProcessSpec CreateSpec(RunContext context, IReadOnlyDictionary<string, string?> environment);

    /// <summary>Variables the host sets itself (ports, telemetry) before the resource's own.</summary>
    protected virtual IEnumerable<(string Name, string Value)> HostEnvironment(RunContext context) => [];

    public IReadOnlyDictionary<string, string?> BuildEnvironment(RunContext context)
    {
        var environment = new Dictionary<string, string?>();

        // The host's own connection strings and discovery entries are not the resource's: it gets exactly its references.
        foreach (var key in System.Environment.GetEnvironmentVariables().Keys.OfType<string>())
        {
            if (key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("services__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Parameters__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("RUNWARECLOUD_", StringComparison.Ordinal)
                || key is "ASPNETCORE_URLS" or "HTTP_PORTS" or "ASPNETCORE_HTTP_PORTS" or "OTEL_SERVICE_NAME")
            {
                environment[key] = null;
            }
        }

        foreach (var (key, value) in HostEnvironment(context))
        {
            environment[key] = value;
        }

        foreach (var (key, value) in EnvironmentVariables)
        {
            environment[key] = value.GetValue();
        }

        return environment;
    }

    public override async Task<Task<int>?> StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = CreateSpec(context, BuildEnvironment(context));
        _process = ManagedProcess.Start(spec, Logs.Add);
        Pid = _process.Pid;
        await Task.Yield();
        return _process.Exited;
    }

    public override async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.StopAsync(null, TimeSpan.FromSeconds(15));
        }
    }

    public override IReadOnlyDictionary<string, string> DisplayEnvironment
    {
        get
        {
            // A name set twice shows its last value, the one the process gets.
            var display = new Dictionary<string, string>();
            foreach (var (name, value) in EnvironmentVariables)
            {
                display[name] = SafeDisplay(value);
            }

            return display;
        }
    }

    private static string SafeDisplay(IValueProvider value)
    {
        try
        {
            return SecretMasker.Display(value);
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }
}

/// <summary>A .NET project of this repository, started as <c>dotnet &lt;dll&gt;</c> on a free loopback port.</summary>
public sealed class ProjectResource : ProcessResource
{
    private static readonly HttpClient s_health = new() { Timeout = TimeSpan.FromSeconds(5) };

    public ProjectResource(string name, string projectName) : base(name)
    {
        ProjectName = projectName;
        Http = new EndpointReference(this, "http");
    }

    public string ProjectName { get; }

    public override string ResourceType => "Project";

    public EndpointReference Http { get; }

    public int? Port { get; private set; }

    /// <summary>A port to use when it is free (e.g. the gateway's well-known port); otherwise any free one.</summary>
    public int? PreferredPort { get; internal set; }

    public string? HealthCheckPath { get; internal set; }

    public bool IsExternalHttp { get; internal set; }

    public EndpointReference GetEndpoint(string name) =>
        name == "http" ? Http : throw new ArgumentException($"{Name} has only the 'http' endpoint.", nameof(name));

    public override void Allocate(RunContext context) =>
        Port ??= PreferredPort is { } preferred ? FreePorts.PreferOrNext(preferred) : FreePorts.Next();

    public override IReadOnlyList<int> Ports => Port is { } port ? [port] : [];

    public override IReadOnlyList<string> Urls => Port is null ? [] : [Http.Url];

    protected override IEnumerable<(string Name, string Value)> HostEnvironment(RunContext context)
    {
        yield return ("ASPNETCORE_URLS", Http.Url);
        yield return ("ASPNETCORE_ENVIRONMENT", "Development");
        yield return ("DOTNET_ENVIRONMENT", "Development");
        yield return ("OTEL_SERVICE_NAME", Name);
        yield return ("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={Name}-{Port}");
        // The child's standard input is a pipe this host holds open: a service that sees it end stops, so none outlives
        // a host that was killed.
        yield return ("RUNWARECLOUD_STOP_WITH_HOST", "stdin");
        if (context.OtlpEndpoint is { Length: > 0 } otlp)
        {
            yield return ("OTEL_EXPORTER_OTLP_ENDPOINT", otlp);
            yield return ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            yield return ("OTEL_BLRP_SCHEDULE_DELAY", "1000");
            yield return ("OTEL_BSP_SCHEDULE_DELAY", "1000");
            yield return ("OTEL_METRIC_EXPORT_INTERVAL", "1000");
            yield return ("OTEL_TRACES_SAMPLER", "always_on");
        }
    }

    protected override ProcessSpec CreateSpec(RunContext context, IReadOnlyDictionary<string, string?> environment)
    {
        var dll = context.Projects.GetEntryAssembly(ProjectName);
        return new ProcessSpec
        {
            FileName = DotNetHost(),
            Arguments = [dll, .. Arguments],
            WorkingDirectory = Path.GetDirectoryName(dll),
            Environment = environment,
        };
    }

    public override async Task<bool> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (HealthCheckPath is null)
        {
            return await Probes.TcpAcceptsAsync(Http.Host, Http.Port, cancellationToken);
        }

        try
        {
            using var response = await s_health.GetAsync(Http.Url + HealthCheckPath, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The <c>dotnet</c> running this host, so services run on the same runtime.</summary>
    public static string DotNetHost()
    {
        var current = System.Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    public override void WriteManifest(ManifestWriter writer)
    {
        var json = writer.Json;
        json.WriteString("type", "project.v0");
        json.WriteString("path", writer.ProjectPath(ProjectName));
        json.WriteStartObject("env");
        json.WriteString("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES", "true");
        json.WriteString("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES", "true");
        json.WriteString("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory");
        json.WriteString("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
        json.WriteString("HTTP_PORTS", $"{{{Name}.bindings.http.targetPort}}");
        foreach (var (key, value) in EnvironmentVariables)
        {
            json.WriteString(key, value.ManifestExpression);
        }

        json.WriteEndObject();
        json.WriteStartObject("bindings");
        json.WriteStartObject("http");
        json.WriteString("scheme", "http");
        json.WriteString("protocol", "tcp");
        json.WriteString("transport", "http");
        if (IsExternalHttp)
        {
            json.WriteBoolean("external", true);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}

/// <summary>Any program, started in a working directory with arguments and the environment of its references.</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory) : ProcessResource(name)
{
    public override string ResourceType => "Executable";

    public string Command { get; } = command;

    public string WorkingDirectory { get; } = workingDirectory;

    protected override ProcessSpec CreateSpec(RunContext context, IReadOnlyDictionary<string, string?> environment) => new()
    {
        FileName = Command,
        Arguments = [.. Arguments],
        WorkingDirectory = WorkingDirectory,
        Environment = environment,
    };

    public override void WriteManifest(ManifestWriter writer) =>
        throw new NotSupportedException($"Executable '{Name}' cannot be published: the manifest allows only projects, containers, values and parameters.");

    public override bool IsPublished => false;
}
