using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RunwareCloud.Dashboard.Telemetry;

namespace RunwareCloud.Dashboard.Api;

/// <summary>Structured logs received over OTLP.</summary>
public static class LogsApi
{
    private const int MaxResults = 500;

    public static IEndpointRouteBuilder MapLogsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/logs", GetLogs);
        app.MapGet("/api/telemetry", (TelemetryStore store) => TypedResults.Ok(store.Stats()));
        return app;
    }

    /// <summary>The newest matching entries (at most 500), oldest first.</summary>
    public static Ok<IReadOnlyList<LogEntry>> GetLogs(string? resource, string? level, string? traceId, string? q, TelemetryStore store)
    {
        var minimum = string.IsNullOrEmpty(level) ? 0 : OtlpConverter.LevelRank(level);
        IEnumerable<LogEntry> logs = store.Logs.Snapshot();
        var matches = logs
            .Where(log => string.IsNullOrEmpty(resource) || log.Service == resource)
            .Where(log => log.SeverityNumber >= minimum)
            .Where(log => string.IsNullOrEmpty(traceId) || string.Equals(log.TraceId, traceId, StringComparison.OrdinalIgnoreCase))
            .Where(log => string.IsNullOrEmpty(q) || Matches(log, q))
            .TakeLast(MaxResults)
            .ToList();
        return TypedResults.Ok<IReadOnlyList<LogEntry>>(matches);
    }

    private static bool Matches(LogEntry log, string q) =>
        log.Message.Contains(q, StringComparison.OrdinalIgnoreCase)
        || log.Category.Contains(q, StringComparison.OrdinalIgnoreCase)
        || log.Attributes.Values.Any(value => value.Contains(q, StringComparison.OrdinalIgnoreCase));
}
