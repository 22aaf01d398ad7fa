using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RunwareCloud.Dashboard.Telemetry;

namespace RunwareCloud.Dashboard.Api;

/// <summary>Traces assembled from the stored spans: a searchable list and one trace's spans for a waterfall.</summary>
public static class TracesApi
{
    private const int MaxResults = 200;

    public static IEndpointRouteBuilder MapTracesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/traces", GetTraces);
        app.MapGet("/api/traces/{traceId}", GetTrace);
        return app;
    }

    /// <summary>The newest traces; <paramref name="q"/> matches a trace id, a span name, a service or any attribute value.</summary>
    public static Ok<IReadOnlyList<TraceSummary>> GetTraces(string? q, TelemetryStore store)
    {
        var traces = store.Spans.Snapshot()
            .GroupBy(span => span.TraceId)
            .Where(trace => string.IsNullOrEmpty(q) || trace.Key.Contains(q, StringComparison.OrdinalIgnoreCase) || trace.Any(span => Matches(span, q)))
            .Select(Summarize)
            .OrderByDescending(trace => trace.Start)
            .Take(MaxResults)
            .ToList();
        return TypedResults.Ok<IReadOnlyList<TraceSummary>>(traces);
    }

    public static Results<Ok<TraceDetail>, NotFound> GetTrace(string traceId, TelemetryStore store)
    {
        var spans = store.Spans.Snapshot()
            .Where(span => string.Equals(span.TraceId, traceId, StringComparison.OrdinalIgnoreCase))
            .OrderBy(span => span.StartUnixNano)
            .ToList();
        if (spans.Count == 0)
        {
            return TypedResults.NotFound();
        }

        var start = spans.Min(span => span.StartUnixNano);
        return TypedResults.Ok(new TraceDetail(Summarize(spans.GroupBy(span => span.TraceId).Single()),
            spans.Select(span => new TraceSpan(span, (span.StartUnixNano - start) / 1_000_000.0)).ToList()));
    }

    private static TraceSummary Summarize(IGrouping<string, SpanEntry> trace)
    {
        var ids = trace.Select(span => span.SpanId).ToHashSet();
        var start = trace.Min(span => span.StartUnixNano);
        var end = trace.Max(span => span.EndUnixNano);
        var root = trace.Where(span => span.ParentSpanId is null || !ids.Contains(span.ParentSpanId))
            .OrderBy(span => span.StartUnixNano)
            .FirstOrDefault() ?? trace.First();
        return new TraceSummary
        {
            TraceId = trace.Key,
            Start = Time.FromUnixNano(start),
            RootName = root.Name,
            RootService = root.Service,
            Services = trace.Select(span => span.Service).Distinct().Order().ToList(),
            DurationMs = end > start ? (end - start) / 1_000_000.0 : 0,
            SpanCount = trace.Count(),
            ErrorCount = trace.Count(span => span.IsError),
        };
    }

    private static bool Matches(SpanEntry span, string q) =>
        span.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
        || span.Service.Equals(q, StringComparison.OrdinalIgnoreCase)
        || span.Attributes.Values.Any(value => value.Contains(q, StringComparison.OrdinalIgnoreCase));
}

public sealed record TraceSummary
{
    public required string TraceId { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required string RootName { get; init; }
    public required string RootService { get; init; }
    public required IReadOnlyList<string> Services { get; init; }
    public required double DurationMs { get; init; }
    public required int SpanCount { get; init; }
    public required int ErrorCount { get; init; }
}

public sealed record TraceSpan(SpanEntry Span, double OffsetMs);

public sealed record TraceDetail(TraceSummary Summary, IReadOnlyList<TraceSpan> Spans);
