using System.Globalization;

namespace RunwareCloud.Redis;

/// <summary>
/// Where and how to connect, parsed from <c>host:port[,password=...][,user=...][,database=N][,connectTimeout=ms][,syncTimeout=ms]</c>.
/// </summary>
public sealed record RedisConnectionOptions
{
    public const int DefaultPort = 6379;

    public required string Host { get; init; }

    public int Port { get; init; } = DefaultPort;

    public string? User { get; init; }

    public string? Password { get; init; }

    public int Database { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the oldest outstanding command may wait for its reply before the connection is declared dead.</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first delay before reconnecting after a failure; it doubles per failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    public static RedisConnectionOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? host = null;
        var port = DefaultPort;
        string? user = null, password = null;
        var database = 0;
        var connectTimeout = TimeSpan.FromSeconds(5);
        var syncTimeout = TimeSpan.FromSeconds(5);

        foreach (var part in parts)
        {
            var equals = part.IndexOf('=');
            if (equals < 0)
            {
                if (host is not null)
                {
                    throw new FormatException("A Redis connection string names one endpoint.");
                }

                (host, port) = ParseEndpoint(part);
                continue;
            }

            var name = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            switch (name.ToLowerInvariant())
            {
                case "password":
                    password = value;
                    break;
                case "user":
                    user = value;
                    break;
                case "database" or "defaultdatabase":
                    database = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "connecttimeout":
                    connectTimeout = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture));
                    break;
                case "synctimeout":
                    syncTimeout = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture));
                    break;
                default:
                    // Options other clients understand (ssl, abortConnect, ...) are tolerated so connection strings stay portable.
                    break;
            }
        }

        return new RedisConnectionOptions
        {
            Host = host ?? throw new FormatException("The Redis connection string names no host:port."),
            Port = port,
            User = user,
            Password = password,
            Database = database,
            ConnectTimeout = connectTimeout,
            SyncTimeout = syncTimeout,
        };
    }

    private static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon < 0 || (endpoint.StartsWith('[') && endpoint.EndsWith(']')))
        {
            return (endpoint.Trim('[', ']'), DefaultPort);
        }

        return (endpoint[..colon].Trim('[', ']'), int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    public override string ToString() => $"{Host}:{Port}/{Database}";
}
