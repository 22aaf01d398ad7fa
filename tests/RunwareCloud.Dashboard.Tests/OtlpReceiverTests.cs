using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RunwareCloud.Dashboard.Tests;

/// <summary>Real OpenTelemetry SDK exports (OTLP/HTTP protobuf) into the dashboard, read back through its JSON API.</summary>
public sealed class OtlpReceiverTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Traces_api_shows_exported_spans_with_parent_links_and_finds_them_by_attribute()
    {
        await using var host = await DashboardHost.StartAsync();
        var sourceName = $"RunwareCloud.Tests.{Guid.NewGuid():N}";
        var jobId = Guid.NewGuid().ToString();
        using var source = new ActivitySource(sourceName);
        string traceId, parentId, childId;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("gateway"))
            .AddSource(sourceName)
            .AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = new Uri(host.Dashboard.OtlpEndpoint + "/v1/traces");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build())
        {
            using (var parent = source.StartActivity("POST /api/jobs", ActivityKind.Server)!)
            {
                parent.SetTag("job.id", jobId);
                using (var producer = source.StartActivity("publish GenerationRequested", ActivityKind.Producer)!)
                {
                    producer.SetStatus(ActivityStatusCode.Error, "broker down");
                    childId = producer.SpanId.ToHexString();
                }

                traceId = parent.TraceId.ToHexString();
                parentId = parent.SpanId.ToHexString();
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        var trace = await host.Browser.GetFromJsonAsync<JsonElement>($"/api/traces/{traceId}").WaitAsync(Timeout);
        var spans = trace.GetProperty("spans").EnumerateArray().Select(span => span.GetProperty("span")).ToList();
        Assert.Equal(2, spans.Count);
        var child = spans.Single(span => span.GetProperty("spanId").GetString() == childId);
        Assert.Equal(parentId, child.GetProperty("parentSpanId").GetString());
        Assert.Equal("error", child.GetProperty("status").GetString());
        Assert.Equal("producer", child.GetProperty("kind").GetString());
        Assert.Equal("gateway", child.GetProperty("service").GetString());
        Assert.Equal("POST /api/jobs", trace.GetProperty("summary").GetProperty("rootName").GetString());
        Assert.Equal(1, trace.GetProperty("summary").GetProperty("errorCount").GetInt32());

        var found = await host.Browser.GetFromJsonAsync<JsonElement>($"/api/traces?q={jobId}").WaitAsync(Timeout);
        Assert.Equal(new string?[] { traceId }, found.EnumerateArray().Select(summary => summary.GetProperty("traceId").GetString()));
        var byId = await host.Browser.GetFromJsonAsync<JsonElement>($"/api/traces?q={traceId}").WaitAsync(Timeout);
        Assert.Equal(2, byId.EnumerateArray().Single().GetProperty("spanCount").GetInt32());
        var none = await host.Browser.GetFromJsonAsync<JsonElement>($"/api/traces?q={Guid.NewGuid()}").WaitAsync(Timeout);
        Assert.Equal(0, none.GetArrayLength());
    }

    [Fact]
    public async Task Logs_api_shows_exported_log_records_with_level_and_trace_id()
    {
        await using var host = await DashboardHost.StartAsync();
        var jobId = Guid.NewGuid().ToString();
        string traceId;
        using (var loggerFactory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(otel =>
        {
            otel.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("generation-api"));
            otel.IncludeFormattedMessage = true;
            otel.AddOtlpExporter((exporter, processor) =>
            {
                exporter.Endpoint = new Uri(host.Dashboard.OtlpEndpoint + "/v1/logs");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                processor.ExportProcessorType = ExportProcessorType.Simple;
            });
        })))
        {
            var logger = loggerFactory.CreateLogger("RunwareCloud.Generation.Jobs");
            using (var activity = new Activity("work").Start())
            {
                traceId = activity.TraceId.ToHexString();
                logger.LogWarning("Job {JobId} was retried", jobId);
            }

            logger.LogInformation("Unrelated {JobId}", "other");
        }

        var logs = await host.Browser.GetFromJsonAsync<JsonElement>($"/api/logs?traceId={traceId}").WaitAsync(Timeout);
        var log = Assert.Single(logs.EnumerateArray());
        Assert.Equal("Warning", log.GetProperty("level").GetString());
        Assert.Equal("generation-api", log.GetProperty("service").GetString());
        Assert.Equal("RunwareCloud.Generation.Jobs", log.GetProperty("category").GetString());
        Assert.Contains(jobId, log.GetProperty("message").GetString() + log.GetProperty("attributes").GetRawText());

        var searched = await host.Browser.GetFromJsonAsync<JsonElement>($"/api/logs?q={jobId}&resource=generation-api").WaitAsync(Timeout);
        Assert.Equal(1, searched.GetArrayLength());
        var warnings = await host.Browser.GetFromJsonAsync<JsonElement>("/api/logs?level=warning").WaitAsync(Timeout);
        Assert.Equal(1, warnings.GetArrayLength());
        var all = await host.Browser.GetFromJsonAsync<JsonElement>("/api/logs").WaitAsync(Timeout);
        Assert.Equal(2, all.GetArrayLength());
    }

    [Fact]
    public async Task Metrics_api_computes_request_rate_errors_and_latency_and_shows_pool_instruments()
    {
        await using var host = await DashboardHost.StartAsync();
        using var meter = new Meter($"RunwareCloud.Runware.Tests{Guid.NewGuid():N}");
        var duration = meter.CreateHistogram<double>("http.server.request.duration", "s");
        meter.CreateObservableGauge("runware.tasks.in_flight", () => 3, "{task}");
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("generation-api"))
            .AddMeter(meter.Name)
            // ASP.NET Core advises these boundaries for its own instrument; a test meter has to ask for them.
            .AddView("http.server.request.duration", new ExplicitBucketHistogramConfiguration { Boundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10] })
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri(host.Dashboard.OtlpEndpoint + "/v1/metrics");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build())
        {
            for (var i = 0; i < 3; i++)
            {
                duration.Record(0.02, new KeyValuePair<string, object?>("http.response.status_code", 200));
            }

            duration.Record(0.8, new KeyValuePair<string, object?>("http.response.status_code", 500));
            Assert.True(provider.ForceFlush(10_000));
        }

        var metrics = await host.Browser.GetFromJsonAsync<JsonElement>("/api/metrics?service=generation-api&stepSeconds=300").WaitAsync(Timeout);

        Assert.Equal(new string?[] { "generation-api" }, metrics.GetProperty("services").EnumerateArray().Select(service => service.GetString()));
        var http = metrics.GetProperty("http").EnumerateArray().ToList();
        Assert.Equal(4, http.Sum(bucket => bucket.GetProperty("requests").GetInt64()));
        var bucket = http.Single(bucket => bucket.GetProperty("requests").GetInt64() > 0);
        Assert.Equal(0.25, bucket.GetProperty("errorRate").GetDouble(), 3);
        Assert.InRange(bucket.GetProperty("p50Ms").GetDouble(), 0.1, 25);
        Assert.InRange(bucket.GetProperty("p99Ms").GetDouble(), 500, 1000);
        var instruments = metrics.GetProperty("instruments").EnumerateArray().ToList();
        var inFlight = Assert.Single(instruments);
        Assert.Equal("runware.tasks.in_flight", inFlight.GetProperty("name").GetString());
        Assert.Equal(3, inFlight.GetProperty("series").EnumerateArray().Last().GetProperty("value").GetDouble());
    }
}
