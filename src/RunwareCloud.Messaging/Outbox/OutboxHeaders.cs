using System.Diagnostics;
using System.Text.Json;

namespace RunwareCloud.Messaging;

/// <summary>What a row remembers of the moment it was staged: the W3C trace context and the correlation id.</summary>
internal sealed record OutboxHeaders
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public string? Traceparent { get; init; }

    public string? Tracestate { get; init; }

    public Guid? CorrelationId { get; init; }

    public static string Capture(object message)
    {
        var activity = Activity.Current;
        var headers = new OutboxHeaders
        {
            Traceparent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            Tracestate = activity?.TraceStateString,
            CorrelationId = message.GetType().GetProperty("CorrelationId")?.GetValue(message) as Guid?,
        };
        return JsonSerializer.Serialize(headers, s_json);
    }

    public static OutboxHeaders Parse(string json) => JsonSerializer.Deserialize<OutboxHeaders>(json, s_json) ?? new OutboxHeaders();

    public ActivityContext ParentContext() =>
        Traceparent is not null && ActivityContext.TryParse(Traceparent, Tracestate, out var context) ? context : default;
}
