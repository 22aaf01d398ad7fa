using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunwareCloud.Runware.Emulator.Hosting;

/// <summary>One accepted WebSocket: serialised sends, a message counter for faults, and abort.</summary>
public sealed class SocketConnection(WebSocket socket)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _messagesReceived;

    public Guid Id { get; } = Guid.NewGuid();

    public WebSocket Socket { get; } = socket;

    public bool IsOpen => Socket.State == WebSocketState.Open;

    public int CountMessage() => Interlocked.Increment(ref _messagesReceived);

    public async Task SendAsync(JsonObject frame, CancellationToken cancellationToken = default)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(frame);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close handshake, as a network failure would.</summary>
    public void Abort() => Socket.Abort();

    public static JsonObject DataFrame(IEnumerable<JsonObject> items) => new() { ["data"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()) };

    public static JsonObject ErrorFrame(JsonObject error) => new() { ["errors"] = new JsonArray(error) };
}
