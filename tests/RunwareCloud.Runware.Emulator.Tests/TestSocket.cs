using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunwareCloud.Runware.Emulator.Tests;

/// <summary>A raw WebSocket client that reads and writes whole Runware frames.</summary>
public sealed class TestSocket : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket _socket = new();

    private TestSocket()
    {
    }

    public WebSocketState State => _socket.State;

    public static async Task<TestSocket> ConnectAsync(RunningEmulator emulator, string query = "?sdk=js&version=1.3.2")
    {
        var socket = new TestSocket();
        await socket._socket.ConnectAsync(new Uri(emulator.WebSocketUri + query), CancellationToken.None).WaitAsync(Timeout);
        return socket;
    }

    public static async Task<TestSocket> AuthenticatedAsync(RunningEmulator emulator)
    {
        var socket = await ConnectAsync(emulator);
        var reply = await socket.RequestAsync(new JsonObject { ["taskType"] = "authentication", ["apiKey"] = emulator.ApiKey });
        Assert.NotNull(reply["data"]);
        return socket;
    }

    /// <summary>Drops the connection without a close handshake.</summary>
    public void Abort() => _socket.Abort();

    public async Task SendAsync(params JsonObject[] tasks)
    {
        var bytes = Encoding.UTF8.GetBytes(new JsonArray(tasks.Select(t => (JsonNode?)t).ToArray()).ToJsonString());
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Timeout);
    }

    public async Task<JsonObject> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? Timeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(chunk, cancellation.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed by server");
            }

            buffer.Write(chunk, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return JsonNode.Parse(buffer.ToArray())!.AsObject();
    }

    public async Task<JsonObject> RequestAsync(JsonObject task)
    {
        await SendAsync(task);
        return await ReceiveAsync();
    }

    /// <summary>Reads frames until <paramref name="count"/> data items for <paramref name="taskUuid"/> arrived; fails on an error frame.</summary>
    public async Task<List<JsonObject>> CollectAsync(string taskUuid, int count)
    {
        var items = new List<JsonObject>();
        while (items.Count < count)
        {
            var frame = await ReceiveAsync();
            Assert.True(frame["errors"] is null, frame.ToJsonString());
            items.AddRange(frame["data"]!.AsArray().Select(i => i!.AsObject()).Where(i => (string?)i["taskUUID"] == taskUuid));
        }

        return items;
    }

    public static JsonObject Image(string prompt = "a lighthouse on a cliff", int size = 256, int numberResults = 1, long? seed = 7) => new()
    {
        ["taskType"] = "imageInference",
        ["taskUUID"] = Guid.NewGuid().ToString(),
        ["model"] = "runware:101@1",
        ["positivePrompt"] = prompt,
        ["width"] = size,
        ["height"] = size,
        ["steps"] = 4,
        ["numberResults"] = numberResults,
        ["outputFormat"] = "PNG",
        ["seed"] = seed,
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellation.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }

        _socket.Dispose();
    }
}

public sealed class EmulatorFixture : IAsyncLifetime
{
    public RunningEmulator Emulator { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync() => Emulator = await EmulatorServer.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
