using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RunwareCloud.Runware.Tests.Support;

/// <summary>A fixed loopback port that forwards to a movable target, so a restarted server keeps its address.</summary>
public sealed class TcpRelay(int targetPort) : LoopbackRelay
{
    private readonly ConcurrentDictionary<TcpClient, byte> _clients = new();

    public volatile int TargetPort = targetPort;

    protected override async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        _clients[client] = 0;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, TargetPort, Stop.Token);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(Stop.Token);
            var up = client.GetStream().CopyToAsync(upstream.GetStream(), done.Token);
            var down = upstream.GetStream().CopyToAsync(client.GetStream(), done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
        }
        catch (Exception)
        {
        }
        finally
        {
            _clients.TryRemove(client, out _);
            client.Dispose();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await Stop.CancelAsync();
        foreach (var client in _clients.Keys)
        {
            client.Dispose();
        }

        await base.DisposeAsync();
    }
}
