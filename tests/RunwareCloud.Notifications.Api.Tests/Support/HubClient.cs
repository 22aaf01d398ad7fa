using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RunwareCloud.Notifications.Api.Tests.Support;

/// <summary>
/// A SignalR client speaking the JSON hub protocol over a raw WebSocket (the SignalR client package is not available):
/// negotiate, connect with the connection token, handshake, then records separated by 0x1E.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly WebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<JsonElement> _notifications = Channel.CreateUnbounded<JsonElement>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _invocations = new();
    private readonly Task _reading;
    private int _nextInvocation;

    private HubClient(WebSocket socket)
    {
        _socket = socket;
        _reading = Task.Run(ReadAsync);
    }

    public static async Task<HubClient> ConnectAsync(WebApplicationFactory<Program> host, string token)
    {
        using var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var negotiation = await http.PostAsync("/hubs/notifications/negotiate?negotiateVersion=1", null).WaitAsync(NotificationsCluster.Timeout);
        negotiation.EnsureSuccessStatusCode();
        var negotiated = await negotiation.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(NotificationsCluster.Timeout);
        var connectionToken = negotiated.GetProperty("connectionToken").GetString()!;

        var uri = new Uri(host.Server.BaseAddress,
            $"hubs/notifications?id={Uri.EscapeDataString(connectionToken)}&access_token={Uri.EscapeDataString(token)}");
        var socket = await host.Server.CreateWebSocketClient()
            .ConnectAsync(new UriBuilder(uri) { Scheme = "ws" }.Uri, CancellationToken.None)
            .WaitAsync(NotificationsCluster.Timeout);

        await SendRawAsync(socket, """{"protocol":"json","version":1}""");
        var handshake = await ReceiveRecordsAsync(socket, CancellationToken.None).WaitAsync(NotificationsCluster.Timeout);
        Assert.Equal("{}", handshake.Single());

        var client = new HubClient(socket);
        // Invocations run after OnConnectedAsync, so once one completes this connection is in its user's group.
        await client.InvokeAsync("GetRecent", [null]);
        return client;
    }

    public async Task<JsonElement> NextNotificationAsync(TimeSpan? timeout = null) =>
        await _notifications.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? NotificationsCluster.Timeout);

    public async Task<JsonElement> InvokeAsync(string target, object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[id] = completion;
        await SendRawAsync(_socket, JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        var result = await completion.Task.WaitAsync(NotificationsCluster.Timeout);
        if (result.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException(error.GetString());
        }

        return result.TryGetProperty("result", out var value) ? value : default;
    }

    private async Task ReadAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var record in await ReceiveRecordsAsync(_socket, _stop.Token))
                {
                    var message = JsonDocument.Parse(record).RootElement;
                    switch (message.GetProperty("type").GetInt32())
                    {
                        case 1 when message.GetProperty("target").GetString() == "notification":
                            _notifications.Writer.TryWrite(message.GetProperty("arguments")[0]);
                            break;
                        case 3 when _invocations.TryRemove(message.GetProperty("invocationId").GetString()!, out var completion):
                            completion.TrySetResult(message);
                            break;
                    }
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _notifications.Writer.TryComplete();
        }
    }

    private static Task SendRawAsync(WebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None)
            .WaitAsync(NotificationsCluster.Timeout);

    private static async Task<IReadOnlyList<string>> ReceiveRecordsAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("The hub closed the connection.");
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(message.ToArray()).Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        await _reading.WaitAsync(NotificationsCluster.Timeout);
        _socket.Dispose();
        _stop.Dispose();
    }
}
