using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace RunwareCloud.AppHost.Tests;

/// <summary>Independent checks that a server speaks its protocol (not the AppHost's own probes).</summary>
public static class Protocols
{
    public static async Task<int> SelectOneAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync().WaitAsync(TimeSpan.FromSeconds(30)))!;
    }

    public static async Task<string?> RedisPingAsync(string hostAndPort)
    {
        var (host, port) = Split(hostAndPort);
        using var client = new TcpClient();
        await client.ConnectAsync(host, port).WaitAsync(TimeSpan.FromSeconds(10));
        var stream = client.GetStream();
        await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Sends the AMQP 0-9-1 header and returns the first frame's type and the start of its payload.</summary>
    public static async Task<byte[]> AmqpGreetingAsync(Uri amqp)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(amqp.Host, amqp.Port).WaitAsync(TimeSpan.FromSeconds(10));
        var stream = client.GetStream();
        await stream.WriteAsync("AMQP\0\0\x09\x01"u8.ToArray()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var frame = new byte[11];
        await stream.ReadExactlyAsync(frame).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return frame;
    }

    public static (string Host, int Port) Split(string hostAndPort)
    {
        var first = hostAndPort.Split(',')[0];
        var colon = first.LastIndexOf(':');
        return (first[..colon], int.Parse(first[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
