using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using RunwareCloud.Dashboard.Otlp;
using Xunit.Abstractions;

namespace RunwareCloud.Dashboard.Tests;

public sealed class FloodTests(ITestOutputHelper output)
{
    private const int SpansPerSecond = 10_000;
    private const int BatchSize = 1_000;
    private const int MaxSpans = 50_000;
    private static readonly TimeSpan s_duration = TimeSpan.FromSeconds(30);

    /// <summary>What one stored span may cost at most (measured ~1 KB with these attributes), times the cap.</summary>
    private const long MemoryCapBytes = MaxSpans * 2_048L;

    [Fact]
    public async Task Otlp_receiver_takes_10000_spans_per_second_for_30_seconds_within_its_memory_cap()
    {
        await using var host = await DashboardHost.StartAsync(new DashboardOptions { MaxSpans = MaxSpans });
        var payloads = Enumerable.Range(0, 20).Select(batch => Export(batch).ToByteArray()).ToArray();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var latencies = new List<TimeSpan>();
        long sent = 0;
        long? halfway = null;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        // Paced like a busy system: every tick sends what is due to keep 10,000 spans/s.
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (clock.Elapsed < s_duration)
        {
            while (sent + BatchSize <= (long)(clock.Elapsed.TotalSeconds * SpansPerSecond) && clock.Elapsed < s_duration)
            {
                using var content = new ByteArrayContent(payloads[sent / BatchSize % payloads.Length]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                var started = clock.Elapsed;
                using var response = await host.Anonymous.PostAsync("/v1/traces", content).WaitAsync(TimeSpan.FromSeconds(30));
                latencies.Add(clock.Elapsed - started);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                sent += BatchSize;
            }

            if (halfway is null && clock.Elapsed > s_duration / 2)
            {
                halfway = GC.GetTotalMemory(forceFullCollection: true);
            }

            await ticks.WaitForNextTickAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        var cpuPerSpan = (Process.GetCurrentProcess().TotalProcessorTime - cpu) / sent;
        var end = GC.GetTotalMemory(forceFullCollection: true);
        latencies.Sort();
        var report = $"sent {sent} spans in {clock.Elapsed.TotalSeconds:0.0} s, {cpuPerSpan.TotalMicroseconds:0.0} µs CPU per span (sender included), " +
            $"p99 {latencies[(int)(latencies.Count * 0.99)].TotalMilliseconds:0} ms, heap +{(end - baseline) / 1048576} MB " +
            $"({(end - halfway!.Value) / 1048576} MB over the second half)";
        output.WriteLine(report);

        // Wall-clock rate depends on what else the machine runs; the receiver's cost does not: 10,000 spans/s must fit in
        // well under one core (the sender's share is in this figure too).
        Assert.True(cpuPerSpan < TimeSpan.FromMicroseconds(50), report);
        Assert.True(sent >= SpansPerSecond * s_duration.TotalSeconds / 3, report);
        Assert.True(latencies[(int)(latencies.Count * 0.99)] < TimeSpan.FromSeconds(2), report);

        var stats = await host.Browser.GetFromJsonAsync<JsonElement>("/api/telemetry").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(MaxSpans, stats.GetProperty("spans").GetProperty("count").GetInt32());
        Assert.Equal(sent - MaxSpans, stats.GetProperty("spans").GetProperty("dropped").GetInt64());
        // Full since the fifth second: the second half of the flood adds no memory, and the whole stays under the cap.
        Assert.True(end - halfway.Value < 16 * 1024 * 1024, report);
        Assert.True(end - baseline < MemoryCapBytes, report);

        // Still answering reads while full.
        var traces = await host.Browser.GetFromJsonAsync<JsonElement>("/api/traces").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(traces.GetArrayLength() > 0);
    }

    private static ExportTraceServiceRequest Export(int batch)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore" } };
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = 0; i < BatchSize; i++)
        {
            // Ten spans per trace, as a small request fan-out would make.
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(Convert.FromHexString(((long)batch * BatchSize / 10 + i / 10 + 1).ToString("x32"))),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes((long)batch * BatchSize + i + 1)),
                Name = "GET /api/generations/{id}",
                Kind = 2,
                StartTimeUnixNano = now,
                EndTimeUnixNano = now + 3_000_000,
            };
            span.Attributes.Add(Attribute("http.request.method", "GET"));
            span.Attributes.Add(Attribute("http.route", "/api/generations/{id}"));
            span.Attributes.Add(Attribute("url.path", $"/api/generations/{Guid.NewGuid()}"));
            span.Attributes.Add(Attribute("server.address", "127.0.0.1"));
            span.Attributes.Add(new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = 200 } });
            scope.Spans.Add(span);
        }

        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", "flood"));
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scope } });
        return request;
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
