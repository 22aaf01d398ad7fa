using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using RunwareCloud.Runware.Emulator.Hosting;
using RunwareCloud.Runware.Emulator.Protocol;
using RunwareCloud.Runware.Emulator.Tasks;

namespace RunwareCloud.Runware.Emulator.Apis;

/// <summary>The WebSocket transport at /v1 (any query string): authentication, ping, and multiplexed tasks.</summary>
public static class RunwareSocketApi
{
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    public static IEndpointRouteBuilder MapRunwareSocketApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1", HandleAsync).WithName("RunwareWebSocket").ExcludeFromDescription();
        app.MapGet("/", HandleAsync).ExcludeFromDescription();
        return app;
    }

    public static async Task HandleAsync(HttpContext http, EmulatorServices services)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await TypedResults.Problem("Connect with a WebSocket, or POST a JSON array of tasks.", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
        var connection = new SocketConnection(socket);
        var baseUrl = services.BaseUrl(http.Request);
        SocketSession? session = null;
        services.Hub.Register(connection);
        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            while (socket.State == WebSocketState.Open)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(services.Lifetime.ApplicationStopping);
                idle.CancelAfter(services.Options.IdleTimeout);
                buffer.Clear();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.GetMemory(64 * 1024), idle.Token);
                    buffer.Advance(received.Count);
                    if (buffer.WrittenCount > MaxMessageBytes)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", CancellationToken.None);
                        return;
                    }
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                var count = connection.CountMessage();
                if (services.Faults.Current.DropSocketsAfterMessages is { } dropAfter && count >= dropAfter)
                {
                    connection.Abort();
                    return;
                }

                session = await HandleMessageAsync(buffer.WrittenMemory, connection, session, baseUrl, services) ?? session;
            }
        }
        catch (OperationCanceledException) when (socket.State == WebSocketState.Open)
        {
            await CloseQuietlyAsync(socket, "idle timeout");
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            services.Hub.Unregister(connection, session);
        }
    }

    private static async Task<SocketSession?> HandleMessageAsync(ReadOnlyMemory<byte> message, SocketConnection connection, SocketSession? session,
        string baseUrl, EmulatorServices services)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(message.Span);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        var tasks = parsed switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject single => [single],
            _ => null,
        };
        if (tasks is null)
        {
            await connection.SendAsync(SocketConnection.ErrorFrame(
                RunwareError.Create(RunwareErrorCodes.InvalidJson, "Messages must be a JSON array of task objects.").ToJson(null, null)));
            return null;
        }

        foreach (var task in tasks)
        {
            var taskType = (task["taskType"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? task["taskType"]!.GetValue<string>() : null;
            switch (taskType)
            {
                case TaskTypes.Authentication:
                    session = await AuthenticateAsync(task, connection, services) ?? session;
                    break;
                case TaskTypes.Ping:
                    await connection.SendAsync(SocketConnection.DataFrame([new JsonObject { ["taskType"] = TaskTypes.Ping, ["pong"] = true }]));
                    break;
                default:
                    if (session is null)
                    {
                        var taskUuid = (task["taskUUID"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? task["taskUUID"]!.GetValue<string>() : null;
                        await connection.SendAsync(SocketConnection.ErrorFrame(RunwareError.Create(RunwareErrorCodes.MissingApiKey,
                            "Authenticate first: send [{\"taskType\":\"authentication\",\"apiKey\":\"...\"}].", "apiKey").ToJson(taskType, taskUuid)));
                        break;
                    }

                    var output = session;
                    var apiKey = session.ApiKey;
                    _ = Task.Run(() => services.Dispatcher.RunAsync(task, apiKey, baseUrl, output, services.Lifetime.ApplicationStopping));
                    break;
            }
        }

        return session;
    }

    private static async Task<SocketSession?> AuthenticateAsync(JsonObject task, SocketConnection connection, EmulatorServices services)
    {
        var request = new TaskRequest(task);
        var apiKey = request.GetString("apiKey");
        var faults = services.Faults.Current;
        RunwareError? error = null;
        if (faults.RefuseAuth)
        {
            error = RunwareError.Create(faults.RefuseAuthCode, "Authentication refused (injected fault).", "apiKey");
        }
        else if (string.IsNullOrWhiteSpace(apiKey))
        {
            error = RunwareError.Create(RunwareErrorCodes.MissingApiKey, "An API key is required.", "apiKey");
        }
        else if (!services.ApiKeys.IsAccepted(apiKey))
        {
            error = RunwareError.Create(RunwareErrorCodes.InvalidApiKey, "Invalid API key. Get one at https://my.runware.ai/signup", "apiKey");
        }

        if (error is not null)
        {
            services.Stats.AuthFailed();
            services.Stats.ErrorSent(error.Code);
            await connection.SendAsync(SocketConnection.ErrorFrame(error.ToJson(TaskTypes.Authentication, null)));
            return null;
        }

        var session = services.Hub.OpenSession(apiKey!, request.GetString("connectionSessionUUID"));
        await connection.SendAsync(SocketConnection.DataFrame(
            [new JsonObject { ["taskType"] = TaskTypes.Authentication, ["connectionSessionUUID"] = session.Id }]));
        await session.AttachAsync(connection);
        return session;
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }
}
