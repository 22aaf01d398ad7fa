using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using RunwareCloud.Dashboard.Otlp;
using RunwareCloud.Dashboard.Telemetry;

namespace RunwareCloud.Dashboard.Tests;

public sealed class OverflowTests
{
    [Fact]
    public void Ring_buffer_keeps_the_newest_items_and_counts_drops_when_flooded()
    {
        var buffer = new RingBuffer<int>(1000);
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 200_000; i++)
        {
            buffer.Add(i);
        }

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(1000, buffer.Count);
        Assert.Equal(199_000, buffer.Dropped);
        var items = buffer.Snapshot();
        Assert.Equal(199_000, items[0]);
        Assert.Equal(199_999, items[^1]);
    }

    [Fact]
    public async Task Otlp_receiver_answers_fast_and_stays_within_its_cap_when_flooded_with_200k_spans()
    {
        await using var host = await DashboardHost.StartAsync(new DashboardOptions { MaxSpans = 5_000 });
        var slowest = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();

        for (var batch = 0; batch < 100; batch++)
        {
            using var content = new ByteArrayContent(Export(batch, 2_000).ToByteArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            var started = clock.Elapsed;
            var response = await host.Anonymous.PostAsync("/v1/traces", content).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, (clock.Elapsed - started).Ticks));
        }

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        Assert.InRange(slowest, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var stats = await host.Browser.GetFromJsonAsync<JsonElement>("/api/telemetry").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(5_000, stats.GetProperty("spans").GetProperty("count").GetInt32());
        Assert.Equal(195_000, stats.GetProperty("spans").GetProperty("dropped").GetInt64());
        // The newest batch survives the flood.
        var newest = await host.Browser.GetAsync($"/api/traces/{TraceId(99)}").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, newest.StatusCode);
        var oldest = await host.Browser.GetAsync($"/api/traces/{TraceId(0)}").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NotFound, oldest.StatusCode);
    }

    private static string TraceId(int batch) => (batch + 1).ToString("x32");

    private static ExportTraceServiceRequest Export(int batch, int spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "flood" } };
        var traceId = ByteString.CopyFrom(Convert.FromHexString(TraceId(batch)));
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = 0; i < spans; i++)
        {
            scope.Spans.Add(new Span
            {
                TraceId = traceId,
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes((long)batch * spans + i + 1)),
                Name = "flood",
                Kind = 1,
                StartTimeUnixNano = now,
                EndTimeUnixNano = now + 1_000_000,
            });
        }

        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "flood" } });
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scope } });
        return request;
    }
}
