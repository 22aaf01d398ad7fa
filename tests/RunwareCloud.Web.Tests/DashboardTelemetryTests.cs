using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace RunwareCloud.Web.Tests;

/// <summary>The ops dashboard's API, fed by every service of the running system over OTLP.</summary>
[Collection(WebCollection.Name)]
public sealed class DashboardTelemetryTests(WebFixture web, ITestOutputHelper output)
{
    /// <summary>The hops of one image: gateway → generation-api → bus → worker → Runware → history-api → notifications-api.</summary>
    private static readonly string[] s_jobServices = ["gateway", "generation-api", "runware-emulator", "history-api", "notifications-api"];
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task One_generation_job_reads_as_one_connected_trace_across_its_services_with_their_logs_and_metrics()
    {
        var job = await TracedJob.SharedAsync(web);
        using var dashboard = await LogInAsync(web);

        // Spans arrive in batches from every service; wait until every hop has reported and every parent is known.
        JsonElement trace = default;
        try
        {
            await Eventually.WaitUntilAsync(async () =>
            {
                using var response = await dashboard.GetAsync($"/api/traces/{job.TraceId}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                trace = await response.Content.ReadFromJsonAsync<JsonElement>();
                return s_jobServices.All(Services(trace).Contains) && Roots(trace).Count == 1;
            }, s_timeout, $"trace {job.TraceId} to reach {string.Join(", ", s_jobServices)} with one root", TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException exception)
        {
            Assert.Fail($"{exception.Message} Services: {string.Join(", ", Services(trace))}. Roots: {string.Join("; ", Roots(trace))}");
        }

        var spans = trace.GetProperty("spans").EnumerateArray().Select(span => span.GetProperty("span")).ToList();
        Assert.All(spans, span => Assert.Equal(job.TraceId, span.GetProperty("traceId").GetString()));
        var root = Assert.Single(Roots(trace));
        Assert.StartsWith("gateway: POST ", root);
        Assert.True(Services(trace).Count >= 4, string.Join(", ", Services(trace)));
        Assert.Equal(0, trace.GetProperty("summary").GetProperty("errorCount").GetInt32());
        // The relay's publish continues the request's trace: a bus hop sits between the API and the worker.
        Assert.Contains(spans, span => span.GetProperty("service").GetString() == "generation-api" && span.GetProperty("kind").GetString() == "consumer");

        var listed = await dashboard.GetFromJsonAsync<JsonElement>($"/api/traces?q={job.TraceId}").WaitAsync(s_timeout);
        var summary = Assert.Single(listed.EnumerateArray());
        Assert.Equal(job.TraceId, summary.GetProperty("traceId").GetString());
        // Late hops (other services' AssetsStored consumers) may still be arriving.
        Assert.InRange(summary.GetProperty("spanCount").GetInt32(), spans.Count, int.MaxValue);
        var byJob = await dashboard.GetFromJsonAsync<JsonElement>($"/api/traces?q={job.JobId}").WaitAsync(s_timeout);
        Assert.Contains(byJob.EnumerateArray(), trace => trace.GetProperty("traceId").GetString() == job.TraceId);

        foreach (var service in s_jobServices)
        {
            var logs = await dashboard.GetFromJsonAsync<JsonElement>($"/api/logs?resource={service}").WaitAsync(s_timeout);
            Assert.True(logs.GetArrayLength() > 0, $"no structured logs from {service}");
        }

        // Metrics are exported every 5 s; every service answers health checks, so each has HTTP server requests.
        await Eventually.WaitUntilAsync(async () =>
        {
            foreach (var service in s_jobServices)
            {
                var metrics = await dashboard.GetFromJsonAsync<JsonElement>($"/api/metrics?service={service}");
                var requests = metrics.GetProperty("http").EnumerateArray().Sum(bucket => bucket.GetProperty("requests").GetInt64());
                if (!metrics.GetProperty("services").EnumerateArray().Any(name => name.GetString() == service) || requests == 0)
                {
                    return false;
                }
            }

            return true;
        }, s_timeout, "HTTP request metrics from every service of the job", TimeSpan.FromMilliseconds(500));
        output.WriteLine($"Buffers: {await dashboard.GetStringAsync("/api/telemetry").WaitAsync(s_timeout)}");
    }

    [Fact]
    public async Task Queue_depths_come_from_the_running_broker()
    {
        using var dashboard = await LogInAsync(web);

        var queues = await dashboard.GetFromJsonAsync<JsonElement>("/api/queues").WaitAsync(s_timeout);

        // Every service consumes from its own queues on this broker.
        Assert.Contains(queues.EnumerateArray(), queue => queue.GetProperty("consumers").GetInt64() > 0);
    }

    /// <summary>A client holding the dashboard's cookie, got by opening the URL the host prints.</summary>
    internal static async Task<HttpClient> LogInAsync(WebFixture web)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = web.Dashboard.BaseAddress,
            Timeout = s_timeout,
        };
        using var login = await client.GetAsync(web.Dashboard.Url).WaitAsync(s_timeout);
        login.EnsureSuccessStatusCode();
        return client;
    }

    private static List<string> Services(JsonElement trace) =>
        trace.ValueKind == JsonValueKind.Object
            ? [.. trace.GetProperty("summary").GetProperty("services").EnumerateArray().Select(service => service.GetString()!)]
            : [];

    /// <summary>Spans whose parent is not in the trace, as "service: name": one (the gateway's request) when no link is broken.</summary>
    private static List<string> Roots(JsonElement trace)
    {
        if (trace.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var spans = trace.GetProperty("spans").EnumerateArray().Select(span => span.GetProperty("span")).ToList();
        var ids = spans.Select(span => span.GetProperty("spanId").GetString()).ToHashSet();
        return
        [
            .. spans
                .Where(span => span.GetProperty("parentSpanId").GetString() is not { } parent || !ids.Contains(parent))
                .Select(span => $"{span.GetProperty("service").GetString()}: {span.GetProperty("name").GetString()}"),
        ];
    }
}
