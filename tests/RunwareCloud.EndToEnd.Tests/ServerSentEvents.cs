using System.Collections.Concurrent;
using System.Text.Json;

namespace RunwareCloud.EndToEnd.Tests;

/// <summary>A live SSE subscription that records every event it receives.</summary>
public sealed class ServerSentEvents : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    private ServerSentEvents(HttpClient client, Stream stream)
    {
        Client = client;
        _reader = ReadAsync(stream, _stop.Token);
    }

    public HttpClient Client { get; }
    public ConcurrentQueue<(string Type, JsonElement Data)> Events { get; } = new();

    public static async Task<ServerSentEvents> OpenAsync(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/stream");
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new ServerSentEvents(client, await response.Content.ReadAsStreamAsync());
    }

    public List<string> TypesFor(Guid jobId) =>
        Events.Where(e => e.Data.TryGetProperty("jobId", out var id) && id.GetString() == jobId.ToString())
            .Select(e => e.Type).ToList();

    private async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        string? type = null;
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && type is not null)
                {
                    Events.Enqueue((type, JsonDocument.Parse(line[6..]).RootElement.Clone()));
                    type = null;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
