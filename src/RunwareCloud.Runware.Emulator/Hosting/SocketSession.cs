using System.Text.Json.Nodes;
using RunwareCloud.Runware.Emulator.Tasks;

namespace RunwareCloud.Runware.Emulator.Hosting;

/// <summary>
/// An authenticated connectionSessionUUID. Results are sent to its current socket; while it has none they are kept and
/// delivered after a socket re-authenticates with the same UUID.
/// </summary>
public sealed class SocketSession(string id, string apiKey) : ITaskOutput
{
    private const int MaxPending = 1000;
    private readonly Lock _lock = new();
    private readonly Queue<JsonObject> _pending = new();
    private SocketConnection? _current;

    public string Id { get; } = id;

    public string ApiKey { get; } = apiKey;

    public DateTimeOffset? DetachedAt { get; private set; }

    public int PendingCount
    {
        get { lock (_lock) { return _pending.Count; } }
    }

    public async Task AttachAsync(SocketConnection connection)
    {
        List<JsonObject> backlog;
        lock (_lock)
        {
            _current = connection;
            DetachedAt = null;
            backlog = [.. _pending];
            _pending.Clear();
        }

        foreach (var frame in backlog)
        {
            await SendAsync(frame);
        }
    }

    public void Detach(SocketConnection connection, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_current == connection)
            {
                _current = null;
                DetachedAt = now;
            }
        }
    }

    public ValueTask SendResultsAsync(IReadOnlyList<JsonObject> items) => new(SendAsync(SocketConnection.DataFrame(items)));

    public ValueTask SendErrorAsync(JsonObject error) => new(SendAsync(SocketConnection.ErrorFrame(error)));

    private async Task SendAsync(JsonObject frame)
    {
        SocketConnection? target;
        lock (_lock)
        {
            target = _current;
        }

        if (target is not null && target.IsOpen)
        {
            try
            {
                await target.SendAsync(frame);
                return;
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
            {
            }
        }

        lock (_lock)
        {
            if (_pending.Count < MaxPending)
            {
                _pending.Enqueue(frame);
            }
        }
    }
}
