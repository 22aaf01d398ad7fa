using System.Data.Common;

namespace RunwareCloud.Runware;

public enum RunwareTransportKind
{
    WebSocket,
    Rest,
}

/// <summary>
/// The parsed <c>ConnectionStrings:runware</c> value: <c>Endpoint=wss://…/v1;ApiKey=…[;Transport=rest]</c>.
/// The key is kept out of <see cref="ToString"/> so it cannot leak into logs or exception messages.
/// </summary>
public sealed class RunwareConnectionString
{
    public required Uri Endpoint { get; init; }
    public required string ApiKey { get; init; }
    public RunwareTransportKind Transport { get; init; } = RunwareTransportKind.WebSocket;

    /// <summary>The endpoint as an HTTP(S) URI, for the REST transport.</summary>
    public Uri RestEndpoint => Endpoint.Scheme switch
    {
        "ws" => new UriBuilder(Endpoint) { Scheme = Uri.UriSchemeHttp }.Uri,
        "wss" => new UriBuilder(Endpoint) { Scheme = Uri.UriSchemeHttps }.Uri,
        _ => Endpoint,
    };

    /// <summary>The endpoint as a WebSocket URI.</summary>
    public Uri WebSocketEndpoint => Endpoint.Scheme switch
    {
        "http" => new UriBuilder(Endpoint) { Scheme = "ws" }.Uri,
        "https" => new UriBuilder(Endpoint) { Scheme = "wss" }.Uri,
        _ => Endpoint,
    };

    public static RunwareConnectionString Parse(string connectionString, string name = "runware")
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!builder.TryGetValue("Endpoint", out var endpointValue) || endpointValue is not string { Length: > 0 } endpoint)
        {
            throw new InvalidOperationException($"ConnectionStrings:{name} has no Endpoint (expected Endpoint=wss://host/v1;ApiKey=…).");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss" or "http" or "https"))
        {
            throw new InvalidOperationException($"ConnectionStrings:{name} Endpoint must be an absolute ws://, wss://, http:// or https:// URI.");
        }

        if (!builder.TryGetValue("ApiKey", out var keyValue) || keyValue is not string { Length: > 0 } apiKey)
        {
            throw new InvalidOperationException($"ConnectionStrings:{name} has no ApiKey.");
        }

        var transport = RunwareTransportKind.WebSocket;
        if (builder.TryGetValue("Transport", out var transportValue) && transportValue is string { Length: > 0 } transportName)
        {
            transport = transportName.ToLowerInvariant() switch
            {
                "ws" or "websocket" or "websockets" => RunwareTransportKind.WebSocket,
                "rest" or "http" => RunwareTransportKind.Rest,
                _ => throw new InvalidOperationException($"ConnectionStrings:{name} Transport must be 'websocket' or 'rest'."),
            };
        }

        return new RunwareConnectionString { Endpoint = uri, ApiKey = apiKey, Transport = transport };
    }

    public override string ToString() => $"Endpoint={Endpoint};ApiKey=***;Transport={Transport}";
}
