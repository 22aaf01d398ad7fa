namespace RunwareCloud.Dashboard.Telemetry;

/// <summary>Everything received over OTLP, bounded: each signal keeps its newest items up to its cap.</summary>
public sealed class TelemetryStore(DashboardOptions options)
{
    public RingBuffer<SpanEntry> Spans { get; } = new(options.MaxSpans);

    public RingBuffer<LogEntry> Logs { get; } = new(options.MaxLogs);

    public RingBuffer<MetricPoint> Metrics { get; } = new(options.MaxMetricPoints);

    public object Stats() => new
    {
        spans = new { count = Spans.Count, capacity = Spans.Capacity, dropped = Spans.Dropped },
        logs = new { count = Logs.Count, capacity = Logs.Capacity, dropped = Logs.Dropped },
        metrics = new { count = Metrics.Count, capacity = Metrics.Capacity, dropped = Metrics.Dropped },
    };
}
