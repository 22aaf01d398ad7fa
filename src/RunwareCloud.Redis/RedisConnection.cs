using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace RunwareCloud.Redis;

/// <summary>
/// One socket to the server, shared by every caller. Commands are encoded into a buffer under one lock, in the same order
/// their reply slots are queued, and a single writer flushes everything buffered so far in one write; the reader matches
/// replies to slots first-in first-out. A caller that gives up (cancellation or its own timeout) leaves its slot in the
/// queue, so the reply meant for it is read and dropped and can never reach anyone else. When the oldest slot has waited
/// longer than the sync timeout the server is presumed gone: the connection fails every pending command and closes.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private const int LargeBufferThreshold = 1024 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly RedisConnectionOptions _options;
    private readonly Action<RedisReply>? _pushHandler;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentQueue<PendingCommand> _pending = new();
    private readonly SemaphoreSlim _flushSignal = new(0);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Timer _watchdog;
    private ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private ArrayBufferWriter<byte> _spare = new(16 * 1024);
    private bool _flushScheduled;
    private Exception? _failure;

    private RedisConnection(Socket socket, RedisConnectionOptions options, Action<RedisReply>? pushHandler)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _options = options;
        _pushHandler = pushHandler;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(options.SyncTimeout.TotalMilliseconds / 4, 10, 1000));
        _watchdog = new Timer(static state => ((RedisConnection)state!).CheckForStall(), this, period, period);
    }

    public bool IsFaulted => Volatile.Read(ref _failure) is not null;

    /// <summary>Completes when the connection has failed or been closed.</summary>
    public Task Closed => _closed.Task;

    public Exception? Failure => Volatile.Read(ref _failure);

    /// <param name="pushHandler">Given for a subscriber connection: receives <c>message</c>/<c>pmessage</c> pushes.</param>
    public static async Task<RedisConnection> ConnectAsync(RedisConnectionOptions options, Action<RedisReply>? pushHandler, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // An IP literal skips the resolver, which on Linux blocks a thread-pool thread per lookup.
            if (IPAddress.TryParse(options.Host, out var address))
            {
                await socket.ConnectAsync(new IPEndPoint(address, options.Port), timeout.Token);
            }
            else
            {
                await socket.ConnectAsync(options.Host, options.Port, timeout.Token);
            }
        }
        catch (Exception exception)
        {
            socket.Dispose();
            throw new RedisConnectionException($"Could not connect to Redis at {options.Host}:{options.Port}: {exception.Message}", exception);
        }

        var connection = new RedisConnection(socket, options, pushHandler);
        connection.Start();
        try
        {
            if (options.Password is not null)
            {
                RedisValue[] auth = options.User is null ? ["AUTH", options.Password] : ["AUTH", options.User, options.Password];
                var reply = await connection.SendAsync(auth, null, timeout.Token);
                if (reply.IsError)
                {
                    throw new RedisConnectionException($"Redis AUTH failed: {reply.ErrorMessage}");
                }
            }

            if (options.Database != 0)
            {
                var reply = await connection.SendAsync(["SELECT", options.Database], null, timeout.Token);
                if (reply.IsError)
                {
                    throw new RedisConnectionException($"Redis SELECT {options.Database} failed: {reply.ErrorMessage}");
                }
            }
        }
        catch (Exception exception)
        {
            await connection.DisposeAsync();
            throw exception as RedisConnectionException
                ?? new RedisConnectionException($"Could not set up the Redis connection to {options}: {exception.Message}", exception);
        }

        return connection;
    }

    /// <summary>
    /// Queues one command. Throws <see cref="RedisConnectionException"/> synchronously (before anything is sent) when the
    /// connection has already failed, so that the caller can safely retry on a new one.
    /// </summary>
    public Task<RedisReply> SendAsync(ReadOnlySpan<RedisValue> args, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = new PendingCommand();
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                throw new RedisConnectionException("The Redis connection is closed.", _failure);
            }

            Resp.WriteCommand(_buffer, args);
            command.QueuedAt = Environment.TickCount64;
            _pending.Enqueue(command);
            if (!_flushScheduled)
            {
                _flushScheduled = true;
                _flushSignal.Release();
            }
        }

        if (cancellationToken.CanBeCanceled || timeout is not null)
        {
            command.WatchCancellation(timeout, cancellationToken);
        }

        return command.Task;
    }

    private void Start()
    {
        _ = Task.Run(WriteLoopAsync);
        _ = Task.Run(ReadLoopAsync);
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                await _flushSignal.WaitAsync();
                ArrayBufferWriter<byte> batch;
                lock (_writeLock)
                {
                    if (_failure is not null)
                    {
                        return;
                    }

                    batch = _buffer;
                    _buffer = _spare;
                    _flushScheduled = false;
                }

                await _stream.WriteAsync(batch.WrittenMemory);
                _spare = batch.Capacity > LargeBufferThreshold ? new ArrayBufferWriter<byte>(16 * 1024) : batch;
                _spare.ResetWrittenCount();
            }
        }
        catch (Exception exception)
        {
            Fail(new RedisConnectionException($"Writing to Redis at {_options} failed: {exception.Message}", exception));
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 8 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                var consumed = DispatchReplies(buffer);
                reader.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    Fail(new RedisConnectionException($"Redis at {_options} closed the connection."));
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            Fail(exception as RedisConnectionException
                ?? new RedisConnectionException($"Reading from Redis at {_options} failed: {exception.Message}", exception));
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private SequencePosition DispatchReplies(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var consumed = buffer.Start;
        while (true)
        {
            var attempt = reader;
            if (!Resp.TryRead(ref attempt, out var reply))
            {
                return consumed;
            }

            reader = attempt;
            consumed = reader.Position;
            if (_pushHandler is not null && IsPush(reply))
            {
                _pushHandler(reply);
                continue;
            }

            if (!_pending.TryDequeue(out var command))
            {
                throw new RedisConnectionException("Protocol error: a reply arrived with no command waiting for it.");
            }

            command.TrySetResult(reply);
        }
    }

    private static bool IsPush(RedisReply reply) =>
        reply.Kind == RedisReplyKind.Array && reply.Elements.Count >= 3 && reply[0].AsString() is "message" or "pmessage";

    private void CheckForStall()
    {
        if (_pending.TryPeek(out var oldest) && Environment.TickCount64 - oldest.QueuedAt > _options.SyncTimeout.TotalMilliseconds)
        {
            var timeout = new RedisTimeoutException(
                $"Redis at {_options} sent no reply within {_options.SyncTimeout.TotalMilliseconds:0} ms; the connection was reset.");
            oldest.TrySetException(timeout);
            Fail(timeout);
        }
    }

    private void Fail(Exception failure)
    {
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = failure;
        }

        _watchdog.Dispose();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception)
        {
            // Already closed by the peer; disposing below is all that is left to do.
        }

        _stream.Dispose();
        var pendingFailure = failure as RedisConnectionException
            ?? new RedisConnectionException($"The Redis connection to {_options} was reset: {failure.Message}", failure);
        while (_pending.TryDequeue(out var command))
        {
            command.TrySetException(pendingFailure);
        }

        _flushSignal.Release();
        _closed.TrySetResult();
    }

    public ValueTask DisposeAsync()
    {
        Fail(new RedisConnectionException("The Redis connection was closed."));
        return ValueTask.CompletedTask;
    }

    private sealed class PendingCommand() : TaskCompletionSource<RedisReply>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long QueuedAt;

        public void WatchCancellation(TimeSpan? timeout, CancellationToken cancellationToken)
        {
            CancellationTokenSource? timer = null;
            var token = cancellationToken;
            if (timeout is { } limit)
            {
                timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timer.CancelAfter(limit);
                token = timer.Token;
            }

            var registration = token.UnsafeRegister(static (state, _) =>
            {
                var (command, limit, callerToken) = ((PendingCommand, TimeSpan?, CancellationToken))state!;
                if (callerToken.IsCancellationRequested)
                {
                    command.TrySetCanceled(callerToken);
                }
                else
                {
                    command.TrySetException(new RedisTimeoutException($"No reply from Redis within {limit?.TotalMilliseconds:0} ms."));
                }
            }, (this, timeout, cancellationToken));

            Task.ContinueWith(static (_, state) =>
            {
                var (registration, timer) = ((CancellationTokenRegistration, CancellationTokenSource?))state!;
                registration.Dispose();
                timer?.Dispose();
            }, (registration, timer), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
