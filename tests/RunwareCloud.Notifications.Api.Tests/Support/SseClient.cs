using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;

namespace RunwareCloud.Notifications.Api.Tests.Support;

public sealed record SseEvent(string? Id, string? Type, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>A minimal EventSource: parses <c>id:</c>/<c>event:</c>/<c>data:</c> records and comment lines from a live response.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;

    private SseClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reading = Task.Run(() => ReadAsync(body));
    }

    public List<string> Comments { get; } = [];

    /// <summary>Opens a stream and waits for the server's preamble, after which the stream is registered for live events.</summary>
    public static async Task<SseClient> ConnectAsync(HttpClient http, string? lastEventId = null, string path = "/api/notifications/stream")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(NotificationsCluster.Timeout);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var client = new SseClient(response, await response.Content.ReadAsStreamAsync().WaitAsync(NotificationsCluster.Timeout));
        await client._connected.Task.WaitAsync(NotificationsCluster.Timeout);
        return client;
    }

    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null) =>
        await _events.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? NotificationsCluster.Timeout);

    public async Task<IReadOnlyList<SseEvent>> NextAsync(int count)
    {
        var events = new List<SseEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(await NextAsync());
        }

        return events;
    }

    public bool TryNext(out SseEvent? next) => _events.Reader.TryRead(out next);

    private async Task ReadAsync(Stream body)
    {
        using var reader = new StreamReader(body);
        string? id = null, type = null;
        var data = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0)
                    {
                        _events.Writer.TryWrite(new SseEvent(id, type, string.Join('\n', data)));
                    }

                    type = null;
                    data.Clear();
                }
                else if (line[0] == ':')
                {
                    lock (Comments)
                    {
                        Comments.Add(line[1..].Trim());
                    }

                    if (line.StartsWith(": connected", StringComparison.Ordinal))
                    {
                        _connected.TrySetResult();
                    }
                }
                else if (line.StartsWith("id:", StringComparison.Ordinal))
                {
                    id = line[3..].TrimStart();
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    type = line[6..].TrimStart();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line[5..].TrimStart());
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
            _connected.TrySetException(new InvalidOperationException("The stream ended before its preamble."));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading.WaitAsync(NotificationsCluster.Timeout);
        _stop.Dispose();
    }
}
