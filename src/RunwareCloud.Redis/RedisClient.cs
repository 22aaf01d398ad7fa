using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RunwareCloud.Redis;

/// <summary>
/// The process-wide client: one multiplexed command connection, created on first use and re-created with exponential
/// backoff after it fails, plus a lazily started subscriber connection.
/// </summary>
public sealed partial class RedisClient : IRedisClient, IAsyncDisposable
{
    private readonly Lock _connectLock = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly ILogger _logger;
    private RedisConnection? _connection;
    private Task<RedisConnection>? _connecting;
    private RedisSubscriber? _subscriber;

    public RedisClient(RedisConnectionOptions options, ILogger<RedisClient>? logger = null)
    {
        Options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public RedisClient(string connectionString, ILogger<RedisClient>? logger = null)
        : this(RedisConnectionOptions.Parse(connectionString), logger)
    {
    }

    public RedisConnectionOptions Options { get; }

    public Task<RedisReply> ExecuteAsync(params RedisValue[] args) => ExecuteAsync(args, null, CancellationToken.None);

    public Task<RedisReply> ExecuteAsync(RedisValue[] args, TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            throw new ArgumentException("A command needs at least its name.", nameof(args));
        }

        var connection = Volatile.Read(ref _connection);
        if (connection is { IsFaulted: false })
        {
            try
            {
                return connection.SendAsync(args, timeout, cancellationToken);
            }
            catch (RedisConnectionException)
            {
                // The connection failed before this command was written, so sending it on a fresh one is safe.
            }
        }

        return ExecuteSlowAsync(args, timeout, cancellationToken);
    }

    private async Task<RedisReply> ExecuteSlowAsync(RedisValue[] args, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(timeout ?? (Options.SyncTimeout > Options.ConnectTimeout ? Options.SyncTimeout : Options.ConnectTimeout),
            cancellationToken);
        return await connection.SendAsync(args, timeout, cancellationToken);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Action<RedisMessage> handler, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        RedisSubscriber subscriber;
        lock (_connectLock)
        {
            subscriber = _subscriber ??= new RedisSubscriber(Options, _logger, _disposed.Token);
        }

        return await subscriber.SubscribeAsync(channel, handler, cancellationToken);
    }

    private async Task<RedisConnection> GetConnectionAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        Task<RedisConnection> connecting;
        lock (_connectLock)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (_connection is { IsFaulted: false } current)
            {
                return current;
            }

            // Task.Run: a loopback connect can finish synchronously, and a finished attempt must never be reused.
            if (_connecting is null || _connecting.IsCompleted)
            {
                _connecting = Task.Run(ConnectWithBackoffAsync);
            }

            connecting = _connecting;
        }

        try
        {
            return await connecting.WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new RedisConnectionException($"Not connected to Redis at {Options}: {_lastConnectError?.Message ?? "still connecting"}.",
                _lastConnectError);
        }
    }

    private Exception? _lastConnectError;

    private async Task<RedisConnection> ConnectWithBackoffAsync()
    {
        var delay = Options.ReconnectDelay;
        var failures = 0;
        while (true)
        {
            try
            {
                var connection = await RedisConnection.ConnectAsync(Options, pushHandler: null, _disposed.Token);
                lock (_connectLock)
                {
                    if (_disposed.IsCancellationRequested)
                    {
                        _ = connection.DisposeAsync();
                        throw new ObjectDisposedException(nameof(RedisClient));
                    }

                    _connection = connection;
                }

                _lastConnectError = null;
                if (failures > 0)
                {
                    LogReconnected(_logger, Options.ToString(), failures);
                }

                return connection;
            }
            catch (Exception exception) when (!_disposed.IsCancellationRequested)
            {
                _lastConnectError = exception;
                failures++;
                LogConnectFailed(_logger, Options.ToString(), failures, delay.TotalMilliseconds, exception.Message);
                await Task.Delay(Jitter(delay), _disposed.Token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.MaxReconnectDelay.Ticks));
            }
        }
    }

    internal static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + Random.Shared.NextDouble() * 0.4);

    public async ValueTask DisposeAsync()
    {
        RedisConnection? connection;
        RedisSubscriber? subscriber;
        lock (_connectLock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            connection = _connection;
            subscriber = _subscriber;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        if (subscriber is not null)
        {
            await subscriber.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Connecting to Redis at {Endpoint} failed ({Failures} in a row); retrying in {DelayMs} ms: {Error}")]
    private static partial void LogConnectFailed(ILogger logger, string endpoint, int failures, double delayMs, string error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Reconnected to Redis at {Endpoint} after {Failures} failed attempts")]
    private static partial void LogReconnected(ILogger logger, string endpoint, int failures);
}
