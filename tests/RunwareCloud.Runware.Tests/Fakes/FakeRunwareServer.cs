using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RunwareCloud.Runware.Tests.Fakes;

/// <summary>
/// A hand-written Runware WebSocket server for unit tests: authentication, ping, and tasks answered by a replaceable
/// handler, with switches for the faults the pool must survive (ignored pings, stalled tasks, dropped sockets).
/// </summary>
public sealed class FakeRunwareServer : IAsyncDisposable
{
    public const string GoodKey = "test-key-3f9a1c";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, FakeSocket> _sockets = new();
    private int _nextSocket;

    private FakeRunwareServer(WebApplication app) => _app = app;

    public Uri WebSocketUri { get; private set; } = null!;
    public Uri RestUri { get; private set; } = null!;

    /// <summary>Answers one task; the default echoes numberResults images, one frame each.</summary>
    public Func<FakeSocket, JsonObject, Task> Handler { get; set; } = DefaultHandlerAsync;

    public volatile bool IgnorePings;
    public readonly ConcurrentBag<string> StalledTaskTypes = [];
    public int AuthenticationAttempts;
    public int PingsReceived;
    public int TasksReceived;
    public int FramesReceived;
    public readonly ConcurrentQueue<string> SessionUuidsOnAuth = new();

    public IReadOnlyCollection<FakeSocket> OpenSockets => _sockets.Values.Where(s => s.IsOpen).ToArray();

    public static async Task<FakeRunwareServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeRunwareServer(app);
        app.UseWebSockets();
        app.Map("/v1", server.HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.WebSocketUri = new Uri($"ws://{address.Authority}/v1");
        server.RestUri = new Uri($"http://{address.Authority}/v1");
        return server;
    }

    public string ConnectionString(string key = GoodKey) => $"Endpoint={WebSocketUri};ApiKey={key}";

    public void DropAll()
    {
        foreach (var socket in _sockets.Values)
        {
            socket.Drop();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await HandleRestAsync(context);
            return;
        }

        using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
        var socket = new FakeSocket(this, Interlocked.Increment(ref _nextSocket), webSocket);
        _sockets[socket.Id] = socket;
        try
        {
            await socket.RunAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            socket.IsOpen = false;
            _sockets.TryRemove(socket.Id, out _);
        }
    }

    private async Task HandleRestAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {GoodKey}")
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"errors":[{"code":"invalidApiKey","message":"Invalid API key.","parameter":"apiKey","taskType":"authentication"}]}""");
            return;
        }

        var tasks = (await JsonNode.ParseAsync(context.Request.Body))!.AsArray();
        var collector = new RestCollector();
        foreach (var task in tasks)
        {
            await Handler(collector, task!.AsObject());
        }

        context.Response.ContentType = "application/json";
        var body = new JsonObject { ["data"] = new JsonArray(collector.Data.ToArray()) };
        if (collector.Errors.Count > 0)
        {
            body["errors"] = new JsonArray(collector.Errors.ToArray());
            context.Response.StatusCode = 400;
        }

        await context.Response.WriteAsync(body.ToJsonString());
    }

    public static async Task DefaultHandlerAsync(FakeSocket socket, JsonObject task)
    {
        var count = task["numberResults"]?.GetValue<int>() ?? 1;
        var seed = task["seed"]?.GetValue<long>() ?? 1000;
        for (var i = 0; i < count; i++)
        {
            await socket.SendDataAsync(new JsonObject
            {
                ["taskType"] = task["taskType"]!.GetValue<string>(),
                ["taskUUID"] = task["taskUUID"]!.GetValue<string>(),
                ["imageUUID"] = Guid.NewGuid().ToString(),
                ["imageURL"] = "https://example.test/image.png",
                ["seed"] = seed + i,
                ["positivePrompt"] = task["positivePrompt"]?.GetValue<string>(),
                ["text"] = task["prompt"]?.GetValue<string>() is { } prompt ? $"{prompt}, enhanced {i}" : null,
                ["cost"] = 0.001,
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        DropAll();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class RestCollector() : FakeSocket(null!, 0, null!)
    {
        public readonly List<JsonNode> Data = [];
        public readonly List<JsonNode> Errors = [];

        public override Task SendDataAsync(params JsonObject[] items)
        {
            Data.AddRange(items);
            return Task.CompletedTask;
        }

        public override Task SendErrorAsync(JsonObject error)
        {
            Errors.Add(error);
            return Task.CompletedTask;
        }
    }
}

public class FakeSocket(FakeRunwareServer server, int id, WebSocket webSocket)
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public int Id { get; } = id;
    public volatile bool IsOpen = true;
    public int TasksReceived;

    public void Drop()
    {
        IsOpen = false;
        webSocket.Abort();
    }

    public virtual async Task SendDataAsync(params JsonObject[] items) =>
        await SendAsync(new JsonObject { ["data"] = new JsonArray(items) });

    public virtual async Task SendErrorAsync(JsonObject error) =>
        await SendAsync(new JsonObject { ["errors"] = new JsonArray(error) });

    public async Task SendAsync(JsonNode frame)
    {
        var bytes = Encoding.UTF8.GetBytes(frame.ToJsonString());
        await _send.WaitAsync();
        try
        {
            await webSocket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                received = await webSocket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                count += received.Count;
            }
            while (!received.EndOfMessage);

            Interlocked.Increment(ref server.FramesReceived);
            var tasks = JsonNode.Parse(buffer.AsSpan(0, count))!.AsArray();
            foreach (var node in tasks)
            {
                var task = node!.AsObject();
                var taskType = task["taskType"]!.GetValue<string>();
                switch (taskType)
                {
                    case "authentication":
                        Interlocked.Increment(ref server.AuthenticationAttempts);
                        if (task["apiKey"]?.GetValue<string>() != FakeRunwareServer.GoodKey)
                        {
                            await SendErrorAsync(new JsonObject
                            {
                                ["code"] = "invalidApiKey", ["message"] = "Invalid API key. Get one at https://my.runware.ai/signup",
                                ["parameter"] = "apiKey", ["taskType"] = "authentication",
                            });
                            break;
                        }

                        var session = task["connectionSessionUUID"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
                        server.SessionUuidsOnAuth.Enqueue(task["connectionSessionUUID"]?.GetValue<string>() ?? "");
                        await SendDataAsync(new JsonObject { ["taskType"] = "authentication", ["connectionSessionUUID"] = session });
                        break;
                    case "ping":
                        Interlocked.Increment(ref server.PingsReceived);
                        if (!server.IgnorePings)
                        {
                            await SendDataAsync(new JsonObject { ["taskType"] = "ping", ["pong"] = true });
                        }

                        break;
                    default:
                        Interlocked.Increment(ref server.TasksReceived);
                        Interlocked.Increment(ref TasksReceived);
                        if (!server.StalledTaskTypes.Contains(taskType))
                        {
                            _ = Task.Run(() => server.Handler(this, task), CancellationToken.None);
                        }

                        break;
                }
            }
        }
    }
}
