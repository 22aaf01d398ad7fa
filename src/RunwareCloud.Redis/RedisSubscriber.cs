using Microsoft.Extensions.Logging;

namespace RunwareCloud.Redis;

/// <summary>
/// The subscriber connection: SUBSCRIBE puts a Redis connection into push mode, so subscriptions get their own socket.
/// A background loop re-connects it with backoff and subscribes again to every channel that still has handlers.
/// </summary>
internal sealed partial class RedisSubscriber(RedisConnectionOptions options, ILogger logger, CancellationToken clientDisposed) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _handlersLock = new();
    private readonly Dictionary<string, Action<RedisMessage>[]> _handlers = new(StringComparer.Ordinal);
    private RedisConnection? _connection;
    private Task? _monitor;

    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Action<RedisMessage> handler, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            bool first;
            lock (_handlersLock)
            {
                first = !_handlers.TryGetValue(channel, out var existing);
                _handlers[channel] = [.. existing ?? [], handler];
            }

            if (first)
            {
                try
                {
                    var connection = await EnsureConnectedAsync(cancellationToken);
                    (await connection.SendAsync(["SUBSCRIBE", channel], null, cancellationToken)).ThrowIfError();
                }
                catch
                {
                    Remove(channel, handler);
                    throw;
                }
            }

            return new Subscription(this, channel, handler);
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool Remove(string channel, Action<RedisMessage> handler)
    {
        lock (_handlersLock)
        {
            if (!_handlers.TryGetValue(channel, out var existing))
            {
                return false;
            }

            var remaining = existing.Where(h => h != handler).ToArray();
            if (remaining.Length > 0)
            {
                _handlers[channel] = remaining;
                return false;
            }

            _handlers.Remove(channel);
            return true;
        }
    }

    private async Task UnsubscribeAsync(string channel, Action<RedisMessage> handler)
    {
        await _gate.WaitAsync(clientDisposed).ConfigureAwait(false);
        try
        {
            if (Remove(channel, handler) && _connection is { IsFaulted: false } connection)
            {
                await connection.SendAsync(["UNSUBSCRIBE", channel], null, clientDisposed);
            }
        }
        catch (RedisException)
        {
            // The channel is gone from the handler table, so a reconnect will not subscribe it again.
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RedisConnection> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsFaulted: false } current)
        {
            return current;
        }

        _connection = await RedisConnection.ConnectAsync(options, OnPush, cancellationToken);
        _monitor ??= Task.Run(MonitorAsync);
        return _connection;
    }

    private async Task MonitorAsync()
    {
        while (!clientDisposed.IsCancellationRequested)
        {
            var connection = _connection;
            if (connection is not null)
            {
                await connection.Closed.WaitAsync(clientDisposed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            var delay = options.ReconnectDelay;
            while (!clientDisposed.IsCancellationRequested)
            {
                try
                {
                    await _gate.WaitAsync(clientDisposed);
                    try
                    {
                        var fresh = await EnsureConnectedAsync(clientDisposed);
                        string[] channels;
                        lock (_handlersLock)
                        {
                            channels = [.. _handlers.Keys];
                        }

                        foreach (var channel in channels)
                        {
                            (await fresh.SendAsync(["SUBSCRIBE", channel], null, clientDisposed)).ThrowIfError();
                        }
                    }
                    finally
                    {
                        _gate.Release();
                    }

                    break;
                }
                catch (Exception exception) when (!clientDisposed.IsCancellationRequested)
                {
                    LogResubscribeFailed(logger, options.ToString(), exception.Message);
                    await Task.Delay(RedisClient.Jitter(delay), clientDisposed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxReconnectDelay.Ticks));
                }
                catch (Exception)
                {
                    return;
                }
            }
        }
    }

    private void OnPush(RedisReply push)
    {
        // message: [message, channel, payload]; pmessage: [pmessage, pattern, channel, payload]
        var isPattern = push.Elements.Count == 4;
        var channel = push[isPattern ? 2 : 1].AsString() ?? "";
        var payload = push[isPattern ? 3 : 2].AsBytes() ?? [];
        Action<RedisMessage>[]? handlers;
        lock (_handlersLock)
        {
            _handlers.TryGetValue(channel, out handlers);
        }

        foreach (var handler in handlers ?? [])
        {
            try
            {
                handler(new RedisMessage(channel, payload));
            }
            catch (Exception exception)
            {
                LogHandlerFailed(logger, channel, exception);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Re-subscribing to Redis at {Endpoint} failed: {Error}")]
    private static partial void LogResubscribeFailed(ILogger logger, string endpoint, string error);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "A handler for Redis channel {Channel} threw")]
    private static partial void LogHandlerFailed(ILogger logger, string channel, Exception exception);

    private sealed class Subscription(RedisSubscriber subscriber, string channel, Action<RedisMessage> handler) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await subscriber.UnsubscribeAsync(channel, handler);
            }
        }
    }
}
