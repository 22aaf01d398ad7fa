using System.Net;
using System.Net.Sockets;

namespace RunwareCloud.Runware.Tests.Support;

/// <summary>A loopback listener that hands every accepted client to <see cref="RelayAsync"/> until it is disposed.</summary>
public abstract class LoopbackRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _accepting;

    protected LoopbackRelay()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    protected CancellationTokenSource Stop { get; } = new();

    /// <summary>Serves one client; owns it.</summary>
    protected abstract Task RelayAsync(TcpClient client);

    private async Task AcceptAsync()
    {
        while (!Stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(Stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
