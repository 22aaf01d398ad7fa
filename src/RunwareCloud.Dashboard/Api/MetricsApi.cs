using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RunwareCloud.Dashboard.Telemetry;

namespace RunwareCloud.Dashboard.Api;

/// <summary>
/// Charts from the stored metric points, in time buckets: HTTP request rate, error rate and latency percentiles
/// (from <c>http.server.request.duration</c>) and the project's own instruments (meters named <c>RunwareCloud.*</c>).
/// </summary>
public static class MetricsApi
{
    public const string HttpServerDuration = "http.server.request.duration";

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/metrics", GetMetrics);
        return app;
    }

    public static Ok<MetricsView> GetMetrics(string? service, int? minutes, int? stepSeconds, TelemetryStore store)
    {
        var points = store.Metrics.Snapshot();
        var services = points.Select(point => point.Service).Distinct().Order().ToList();
        var step = (ulong)Math.Clamp(stepSeconds ?? 5, 1, 300) * 1_000_000_000UL;
        var since = Time.ToUnixNano(DateTimeOffset.UtcNow.AddMinutes(-Math.Clamp(minutes ?? 10, 1, 120)));
        var selected = points.Where(point => (string.IsNullOrEmpty(service) || point.Service == service) && point.TimeUnixNano >= since).ToList();

        var http = HttpSeries(selected.Where(point => point.Name == HttpServerDuration && point.Kind == MetricKind.Histogram), step);
        var instruments = selected
            .Where(point => point.Scope.StartsWith("RunwareCloud", StringComparison.Ordinal) && point.Name != HttpServerDuration)
            .GroupBy(point => (point.Service, point.Name))
            .Select(group => Instrument(group.Key.Service, group.Key.Name, group.ToList(), step))
            .OrderBy(instrument => instrument.Name)
            .ThenBy(instrument => instrument.Service)
            .ToList();
        return TypedResults.Ok(new MetricsView(services, http, instruments));
    }

    /// <summary>Turns each series' points into per-interval increments (cumulative points are differenced).</summary>
    private static IEnumerable<(MetricPoint Point, double Value, ulong Count, double Sum, ulong[] Buckets)> Deltas(IEnumerable<MetricPoint> points)
    {
        foreach (var series in points.GroupBy(point => (point.Service, point.Name, point.SeriesKey)))
        {
            MetricPoint? previous = null;
            foreach (var point in series.OrderBy(point => point.TimeUnixNano))
            {
                var reset = previous is null || !point.Cumulative || point.StartUnixNano != previous.StartUnixNano || point.Count < previous.Count || point.Value < previous.Value;
                if (reset || previous is null)
                {
                    yield return (point, point.Value, point.Count, point.Sum, point.BucketCounts.ToArray());
                }
                else
                {
                    var buckets = point.BucketCounts.Count == previous.BucketCounts.Count
                        ? point.BucketCounts.Select((count, i) => count - Math.Min(count, previous.BucketCounts[i])).ToArray()
                        : point.BucketCounts.ToArray();
                    yield return (point, point.Value - previous.Value, point.Count - previous.Count, point.Sum - previous.Sum, buckets);
                }

                previous = point;
            }
        }
    }

    private static IReadOnlyList<HttpBucket> HttpSeries(IEnumerable<MetricPoint> points, ulong step) =>
        Deltas(points)
            .GroupBy(delta => delta.Point.TimeUnixNano / step)
            .OrderBy(bucket => bucket.Key)
            .Select(bucket =>
            {
                var count = bucket.Aggregate(0UL, (total, delta) => total + delta.Count);
                var errors = bucket.Where(delta => IsError(delta.Point)).Aggregate(0UL, (total, delta) => total + delta.Count);
                var bounds = bucket.Select(delta => delta.Point.Bounds).FirstOrDefault(b => b.Count > 0) ?? [];
                var merged = new ulong[bounds.Count + 1];
                foreach (var delta in bucket.Where(delta => delta.Buckets.Length == merged.Length))
                {
                    for (var i = 0; i < merged.Length; i++)
                    {
                        merged[i] += delta.Buckets[i];
                    }
                }

                var toMs = bucket.First().Point.Unit == "s" ? 1000.0 : 1.0;
                return new HttpBucket(
                    Time.FromUnixNano(bucket.Key * step),
                    count / (step / 1e9),
                    count == 0 ? 0 : (double)errors / count,
                    Percentile(bounds, merged, 0.50) * toMs,
                    Percentile(bounds, merged, 0.95) * toMs,
                    Percentile(bounds, merged, 0.99) * toMs,
                    count);
            })
            .ToList();

    private static bool IsError(MetricPoint point) =>
        (point.Attributes.TryGetValue("http.response.status_code", out var status) && int.TryParse(status, out var code) && code >= 500)
        || point.Attributes.ContainsKey("error.type");

    /// <summary>Linear interpolation inside the bucket that holds the quantile (explicit-bounds histogram).</summary>
    internal static double Percentile(IReadOnlyList<double> bounds, ulong[] buckets, double quantile)
    {
        var total = buckets.Aggregate(0UL, (sum, count) => sum + count);
        if (total == 0 || bounds.Count == 0)
        {
            return 0;
        }

        var rank = quantile * total;
        var seen = 0.0;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (buckets[i] == 0 || seen + buckets[i] < rank)
            {
                seen += buckets[i];
                continue;
            }

            var lower = i == 0 ? 0 : bounds[i - 1];
            var upper = i < bounds.Count ? bounds[i] : bounds[^1];
            return lower + (upper - lower) * ((rank - seen) / buckets[i]);
        }

        return bounds[^1];
    }

    private static Instrument Instrument(string service, string name, List<MetricPoint> points, ulong step)
    {
        var first = points[0];
        IEnumerable<ChartPoint> series = first.Kind switch
        {
            // Counters: increase per bucket. Histograms: mean per bucket.
            MetricKind.Sum when first.Monotonic => Deltas(points).GroupBy(d => d.Point.TimeUnixNano / step).OrderBy(b => b.Key)
                .Select(b => new ChartPoint(Time.FromUnixNano(b.Key * step), b.Sum(d => d.Value))),
            MetricKind.Histogram => Deltas(points).GroupBy(d => d.Point.TimeUnixNano / step).OrderBy(b => b.Key)
                .Select(b =>
                {
                    var count = b.Aggregate(0UL, (total, d) => total + d.Count);
                    return new ChartPoint(Time.FromUnixNano(b.Key * step), count == 0 ? 0 : b.Sum(d => d.Sum) / count);
                }),
            // Gauges and up-down counters: the last value of each series in the bucket, summed over series.
            _ => points.GroupBy(p => p.TimeUnixNano / step).OrderBy(b => b.Key)
                .Select(b => new ChartPoint(Time.FromUnixNano(b.Key * step),
                    b.GroupBy(p => p.SeriesKey).Sum(s => s.MaxBy(p => p.TimeUnixNano)!.Value))),
        };
        var kind = first.Kind switch
        {
            MetricKind.Sum when first.Monotonic => "counter",
            MetricKind.Histogram => "histogram",
            MetricKind.Sum => "updowncounter",
            _ => "gauge",
        };
        return new Instrument(service, name, first.Unit, kind, series.ToList());
    }
}

public sealed record HttpBucket(DateTimeOffset Time, double RequestsPerSecond, double ErrorRate, double P50Ms, double P95Ms, double P99Ms, ulong Requests);

public sealed record ChartPoint(DateTimeOffset Time, double Value);

public sealed record Instrument(string Service, string Name, string Unit, string Kind, IReadOnlyList<ChartPoint> Series);

public sealed record MetricsView(IReadOnlyList<string> Services, IReadOnlyList<HttpBucket> Http, IReadOnlyList<Instrument> Instruments);
