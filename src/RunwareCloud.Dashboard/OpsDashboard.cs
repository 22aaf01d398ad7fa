using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RunwareCloud.AppHost.Hosting.Dashboard;
using RunwareCloud.Dashboard.Api;
using RunwareCloud.Dashboard.Security;
using RunwareCloud.Dashboard.Telemetry;

namespace RunwareCloud.Dashboard;

/// <summary>
/// The ops dashboard the AppHost loads: its own Kestrel app on a loopback port with an OTLP/HTTP receiver, a JSON API
/// and a small embedded web app. The port and token are chosen at construction, because the host hands the OTLP
/// endpoint to the projects and prints the URL before it starts the dashboard.
/// </summary>
public sealed class OpsDashboard : IDashboardSink, IAsyncDisposable
{
    private readonly DashboardOptions _options;
    private readonly BrowserToken _token = new();
    private WebApplication? _app;

    public OpsDashboard()
        : this(DashboardOptions.FromEnvironment())
    {
    }

    public OpsDashboard(DashboardOptions options)
    {
        _options = options;
        Port = options.Port != 0 ? options.Port : FreePort();
        Telemetry = new TelemetryStore(options);
    }

    public int Port { get; }

    public TelemetryStore Telemetry { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string? OtlpEndpoint => $"http://127.0.0.1:{Port}";

    public string? Url => $"http://127.0.0.1:{Port}/login?t={_token.Value}";

    public async Task StartAsync(IResourceService resources, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(OpsDashboard).Assembly.GetName().Name, Args = [] });
        builder.WebHost.UseUrls(OtlpEndpoint!);
        // The host's console belongs to the resources' output.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_options);
        builder.Services.AddSingleton(Telemetry);
        builder.Services.AddSingleton(resources);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

        var app = builder.Build();
        app.UseBrowserToken(_token);
        app.MapOtlpApi();
        app.MapPagesApi();
        app.MapResourcesApi();
        app.MapLogsApi();
        app.MapTracesApi();
        app.MapMetricsApi();
        app.MapQueuesApi();

        await app.StartAsync(cancellationToken);
        _app = app;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(cancellationToken);
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
