namespace RunwareCloud.Dashboard.Telemetry;

public sealed record SpanEntry
{
    public required string TraceId { get; init; }
    public required string SpanId { get; init; }
    public string? ParentSpanId { get; init; }
    public required string Name { get; init; }
    public required string Service { get; init; }
    public required string Scope { get; init; }
    public required string Kind { get; init; }
    public required ulong StartUnixNano { get; init; }
    public required ulong EndUnixNano { get; init; }
    public required string Status { get; init; }
    public string? StatusMessage { get; init; }
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }
    public required IReadOnlyList<SpanEventEntry> Events { get; init; }

    public DateTimeOffset Start => Time.FromUnixNano(StartUnixNano);
    public double DurationMs => EndUnixNano > StartUnixNano ? (EndUnixNano - StartUnixNano) / 1_000_000.0 : 0;
    public bool IsError => Status == "error";
}

public sealed record SpanEventEntry(DateTimeOffset Time, string Name, IReadOnlyDictionary<string, string> Attributes);

public sealed record LogEntry
{
    public required DateTimeOffset Timestamp { get; init; }
    public required string Service { get; init; }
    public required string Category { get; init; }
    public required string Level { get; init; }
    public required int SeverityNumber { get; init; }
    public required string Message { get; init; }
    public string? TraceId { get; init; }
    public string? SpanId { get; init; }
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }
}

public enum MetricKind
{
    Gauge,
    Sum,
    Histogram,
}

public sealed record MetricPoint
{
    public required string Service { get; init; }
    public required string Scope { get; init; }
    public required string Name { get; init; }
    public required string Unit { get; init; }
    public required MetricKind Kind { get; init; }
    public required bool Cumulative { get; init; }
    public required bool Monotonic { get; init; }
    public required ulong StartUnixNano { get; init; }
    public required ulong TimeUnixNano { get; init; }
    /// <summary>Identifies the series (attribute set) the point belongs to.</summary>
    public required string SeriesKey { get; init; }
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }
    public double Value { get; init; }
    public ulong Count { get; init; }
    public double Sum { get; init; }
    public IReadOnlyList<double> Bounds { get; init; } = [];
    public IReadOnlyList<ulong> BucketCounts { get; init; } = [];
}

internal static class Time
{
    public static DateTimeOffset FromUnixNano(ulong nanos) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(nanos / 100));

    public static ulong ToUnixNano(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;
}
