using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using RunwareCloud.Dashboard.Otlp;

namespace RunwareCloud.Dashboard.Telemetry;

/// <summary>Turns OTLP export requests into the dashboard's flat records.</summary>
public static class OtlpConverter
{
    private const string UnknownService = "unknown_service";

    public static IEnumerable<SpanEntry> ToSpans(ExportTraceServiceRequest request)
    {
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = ServiceName(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = scopeSpans.Scope?.Name ?? "";
                foreach (var span in scopeSpans.Spans)
                {
                    yield return new SpanEntry
                    {
                        TraceId = Hex(span.TraceId) ?? "",
                        SpanId = Hex(span.SpanId) ?? "",
                        ParentSpanId = Hex(span.ParentSpanId),
                        Name = span.Name,
                        Service = service,
                        Scope = scope,
                        Kind = span.Kind switch { 1 => "internal", 2 => "server", 3 => "client", 4 => "producer", 5 => "consumer", _ => "unspecified" },
                        StartUnixNano = span.StartTimeUnixNano,
                        EndUnixNano = span.EndTimeUnixNano,
                        Status = span.Status?.Code switch { 1 => "ok", 2 => "error", _ => "unset" },
                        StatusMessage = string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                        Attributes = Attributes(span.Attributes),
                        Events = span.Events.Select(e => new SpanEventEntry(Time.FromUnixNano(e.TimeUnixNano), e.Name, Attributes(e.Attributes))).ToList(),
                    };
                }
            }
        }
    }

    public static IEnumerable<LogEntry> ToLogs(ExportLogsServiceRequest request)
    {
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var service = ServiceName(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var record in scopeLogs.LogRecords)
                {
                    var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                    yield return new LogEntry
                    {
                        Timestamp = time == 0 ? DateTimeOffset.UtcNow : Time.FromUnixNano(time),
                        Service = service,
                        Category = scopeLogs.Scope?.Name ?? "",
                        SeverityNumber = record.SeverityNumber,
                        Level = LevelName(record.SeverityNumber, record.SeverityText),
                        Message = record.Body is null ? record.EventName : Text(record.Body),
                        TraceId = Hex(record.TraceId),
                        SpanId = Hex(record.SpanId),
                        Attributes = Attributes(record.Attributes),
                    };
                }
            }
        }
    }

    public static IEnumerable<MetricPoint> ToMetricPoints(ExportMetricsServiceRequest request)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var service = ServiceName(resourceMetrics.Resource);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scope = scopeMetrics.Scope?.Name ?? "";
                foreach (var metric in scopeMetrics.Metrics)
                {
                    foreach (var point in Points(service, scope, metric))
                    {
                        yield return point;
                    }
                }
            }
        }
    }

    private static IEnumerable<MetricPoint> Points(string service, string scope, Metric metric)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                foreach (var point in metric.Gauge.DataPoints)
                {
                    yield return NumberPoint(service, scope, metric, MetricKind.Gauge, cumulative: false, monotonic: false, point);
                }

                break;
            case Metric.DataOneofCase.Sum:
                foreach (var point in metric.Sum.DataPoints)
                {
                    yield return NumberPoint(service, scope, metric, MetricKind.Sum, metric.Sum.AggregationTemporality == 2, metric.Sum.IsMonotonic, point);
                }

                break;
            case Metric.DataOneofCase.Histogram:
                foreach (var point in metric.Histogram.DataPoints)
                {
                    var attributes = Attributes(point.Attributes);
                    yield return new MetricPoint
                    {
                        Service = service,
                        Scope = scope,
                        Name = metric.Name,
                        Unit = metric.Unit,
                        Kind = MetricKind.Histogram,
                        Cumulative = metric.Histogram.AggregationTemporality == 2,
                        Monotonic = true,
                        StartUnixNano = point.StartTimeUnixNano,
                        TimeUnixNano = point.TimeUnixNano,
                        SeriesKey = SeriesKey(attributes),
                        Attributes = attributes,
                        Count = point.Count,
                        Sum = point.HasSum ? point.Sum : 0,
                        Bounds = [.. point.ExplicitBounds],
                        BucketCounts = [.. point.BucketCounts],
                    };
                }

                break;
        }
    }

    private static MetricPoint NumberPoint(string service, string scope, Metric metric, MetricKind kind, bool cumulative, bool monotonic, NumberDataPoint point)
    {
        var attributes = Attributes(point.Attributes);
        return new MetricPoint
        {
            Service = service,
            Scope = scope,
            Name = metric.Name,
            Unit = metric.Unit,
            Kind = kind,
            Cumulative = cumulative,
            Monotonic = monotonic,
            StartUnixNano = point.StartTimeUnixNano,
            TimeUnixNano = point.TimeUnixNano,
            SeriesKey = SeriesKey(attributes),
            Attributes = attributes,
            Value = point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble,
        };
    }

    private static string SeriesKey(IReadOnlyDictionary<string, string> attributes) =>
        string.Join('\u001f', attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key + "=" + pair.Value));

    private static string ServiceName(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(attribute => attribute.Key == "service.name") is { } name ? Text(name.Value) : UnknownService;

    private static string LevelName(int severity, string text) => severity switch
    {
        >= 1 and <= 4 => "Trace",
        >= 5 and <= 8 => "Debug",
        >= 9 and <= 12 => "Information",
        >= 13 and <= 16 => "Warning",
        >= 17 and <= 20 => "Error",
        >= 21 => "Critical",
        _ => string.IsNullOrEmpty(text) ? "Information" : text,
    };

    /// <summary>The numeric rank of a level name, for "this level and above" filters.</summary>
    public static int LevelRank(string level) => level.ToLowerInvariant() switch
    {
        "trace" => 1,
        "debug" => 5,
        "information" or "info" => 9,
        "warning" or "warn" => 13,
        "error" => 17,
        "critical" or "fatal" => 21,
        _ => 0,
    };

    private static Dictionary<string, string> Attributes(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = Text(attribute.Value);
        }

        return result;
    }

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => kv.Key + ": " + Text(kv.Value))) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => "",
    };

    private static string? Hex(ByteString id) => id.IsEmpty || id.Span.IndexOfAnyExcept((byte)0) < 0 ? null : Convert.ToHexStringLower(id.Span);
}
