using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RunwareCloud.Dashboard.Tests;

/// <summary>
/// A service built with the real service defaults exports to the dashboard; when the dashboard stops (connections
/// refused) or hangs (connections accepted, never answered), its requests neither fail nor slow down.
/// </summary>
public sealed class StoppedDashboardTests
{
    private const int Requests = 200;
    private static readonly ActivitySource s_source = new("RunwareCloud.Dashboard.Tests.Service");
    private static readonly Meter s_meter = new("RunwareCloud.Dashboard.Tests.Service");
    private static readonly Counter<long> s_work = s_meter.CreateCounter<long>("work.done");

    [Fact]
    public async Task Service_requests_neither_fail_nor_slow_down_when_the_dashboard_is_stopped_or_hangs()
    {
        var port = FreePort();
        await using var dashboard = await DashboardHost.StartAsync(new DashboardOptions { Port = port });
        await using var service = await StartServiceAsync(dashboard.Dashboard.OtlpEndpoint!);
        using var client = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) };

        var live = await MeasureAsync(client);
        await Eventually.WaitUntilAsync(async () =>
        {
            // A request's server span is exported after its children, so the trace rooted at it is waited for.
            var traces = await dashboard.Browser.GetFromJsonAsync<JsonElement>("/api/traces?q=steady-service");
            var logs = await dashboard.Browser.GetFromJsonAsync<JsonElement>("/api/logs?resource=steady-service");
            return logs.GetArrayLength() > 0 && traces.EnumerateArray().Any(trace =>
                trace.GetProperty("rootName").GetString()!.StartsWith("GET", StringComparison.Ordinal) && trace.GetProperty("spanCount").GetInt32() > 1);
        }, TimeSpan.FromSeconds(30), "a request's trace and the service's logs in the dashboard", TimeSpan.FromMilliseconds(200));

        await dashboard.DisposeAsync();
        var refused = await MeasureAsync(client);

        // A dashboard that accepts connections and never answers: each export waits for the exporter's timeout.
        using var hung = new TcpListener(IPAddress.Loopback, port);
        hung.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        hung.Start();
        var hanging = await MeasureAsync(client);

        foreach (var (phase, latencies) in new[] { ("refused", refused), ("hanging", hanging) })
        {
            Assert.True(P95(latencies) <= P95(live) * 2 + TimeSpan.FromMilliseconds(25),
                $"{phase}: p95 {P95(latencies).TotalMilliseconds:0.0} ms against {P95(live).TotalMilliseconds:0.0} ms with the dashboard up");
            Assert.True(latencies.Max() < TimeSpan.FromSeconds(2), $"{phase}: slowest request {latencies.Max().TotalMilliseconds:0} ms");
        }

        // Stopping flushes the exporters with a bounded wait, so a hung dashboard cannot hold the service up for long.
        var stopping = Stopwatch.StartNew();
        await service.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
    }

    /// <summary>Sequential requests, each making spans, a log line and a metric; every one must succeed.</summary>
    private static async Task<List<TimeSpan>> MeasureAsync(HttpClient client)
    {
        var latencies = new List<TimeSpan>(Requests);
        for (var i = 0; i < Requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync("/work").WaitAsync(TimeSpan.FromSeconds(30));
            latencies.Add(Stopwatch.GetElapsedTime(started));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return latencies;
    }

    private static TimeSpan P95(List<TimeSpan> latencies) => latencies.Order().ElementAt((int)(latencies.Count * 0.95));

    private static async Task<RunningService> StartServiceAsync(string otlpEndpoint)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        builder.Configuration["OTEL_SERVICE_NAME"] = "steady-service";
        builder.Configuration["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        builder.AddServiceDefaults();
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RunwareCloud.Dashboard.Tests.Service");
        app.MapGet("/work", () =>
        {
            for (var i = 0; i < 5; i++)
            {
                using var step = s_source.StartActivity($"step {i}");
                step?.SetTag("step", i);
            }

            logger.LogInformation("Did the work");
            s_work.Add(1);
            return TypedResults.Ok("done");
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningService(app, new Uri(address));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record RunningService(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
