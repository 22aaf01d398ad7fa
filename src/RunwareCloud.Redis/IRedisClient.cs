namespace RunwareCloud.Redis;

/// <summary>
/// A Redis client for one process: every call shares one pipelined connection, and subscriptions share a second one.
/// The typed commands (GET, SET, EVAL, ...) are extension methods in <see cref="RedisCommands"/>.
/// </summary>
public interface IRedisClient
{
    /// <summary>Sends any command and returns its reply; error replies come back as <see cref="RedisReplyKind.Error"/>, not as exceptions.</summary>
    /// <param name="timeout">Overrides the sync timeout for this call; when it passes, this call fails and its late reply is discarded.</param>
    /// <exception cref="RedisConnectionException">No connection, or it was lost before the reply came.</exception>
    /// <exception cref="RedisTimeoutException">No reply in time.</exception>
    Task<RedisReply> ExecuteAsync(RedisValue[] args, TimeSpan? timeout, CancellationToken cancellationToken = default);

    /// <summary>Sends any command with the default timeout.</summary>
    Task<RedisReply> ExecuteAsync(params RedisValue[] args);

    /// <summary>Calls <paramref name="handler"/> for every message published to <paramref name="channel"/> until the result is disposed.</summary>
    /// <remarks>Handlers run on the subscriber connection's reader and must return quickly. Subscriptions survive reconnects.</remarks>
    Task<IAsyncDisposable> SubscribeAsync(string channel, Action<RedisMessage> handler, CancellationToken cancellationToken = default);
}

/// <summary>A message received on a subscribed channel.</summary>
public readonly record struct RedisMessage(string Channel, byte[] Payload)
{
    public string PayloadText => System.Text.Encoding.UTF8.GetString(Payload);
}
