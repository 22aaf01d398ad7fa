using System.Net.Sockets;
using System.Text;

namespace RunwareCloud.AppHost.Hosting.Networking;

/// <summary>Readiness probes that speak just enough of each protocol to know the server answers.</summary>
public static class Probes
{
    public static async Task<bool> TcpAcceptsAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or TimeoutException or IOException)
        {
            return false;
        }
    }

    /// <summary>Sends <c>PING</c> as a RESP array and expects <c>+PONG</c>.</summary>
    public static async Task<bool> RedisPingAsync(string host, int port, string? password, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            if (password is { Length: > 0 })
            {
                await stream.WriteAsync(Resp("AUTH", password), cancellationToken);
                var auth = await reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
                if (auth != "+OK")
                {
                    return false;
                }
            }

            await stream.WriteAsync(Resp("PING"), cancellationToken);
            var line = await reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return line == "+PONG";
        }
        catch (Exception exception) when (exception is SocketException or TimeoutException or IOException)
        {
            return false;
        }
    }

    /// <summary>Sends one RESP command and returns the first reply line, or null when the server is unreachable.</summary>
    public static async Task<string?> RedisCommandAsync(string host, int port, string? password, string[] command, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            if (password is { Length: > 0 })
            {
                await stream.WriteAsync(Resp("AUTH", password), cancellationToken);
                await reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }

            await stream.WriteAsync(Resp(command), cancellationToken);
            return await reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken) ?? "";
        }
        catch (Exception exception) when (exception is SocketException or TimeoutException or IOException)
        {
            return null;
        }
    }

    /// <summary>Sends the AMQP 0-9-1 protocol header and expects a method frame (Connection.Start) back.</summary>
    public static async Task<bool> AmqpHandshakeAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\x09\x01"u8.ToArray(), cancellationToken);
            var header = new byte[7];
            await stream.ReadExactlyAsync(header, cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return header[0] == 1 && header[1] == 0 && header[2] == 0;
        }
        catch (Exception exception) when (exception is SocketException or TimeoutException or IOException or EndOfStreamException)
        {
            return false;
        }
    }

    public static byte[] Resp(params string[] parts)
    {
        var builder = new StringBuilder();
        builder.Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
