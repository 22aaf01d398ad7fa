using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RunwareCloud.Runware.Telemetry;

namespace RunwareCloud.Runware.Pool;

/// <summary>
/// One pooled WebSocket: connect and authenticate, then a reader loop, a <see cref="SessionWriter"/> (several tasks per
/// frame when callers outrun the socket) and a ping loop; on any failure, reconnect with backoff and jitter.
/// </summary>
internal sealed class RunwareConnection(RunwarePool pool, int index, RunwareConnectionString connectionString,
    RunwarePoolOptions options, ILogger logger)
{
    private byte[] _receiveBuffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private volatile bool _ready;
    private int _inFlight;
    private ClientWebSocket? _socket;
    private SessionWriter? _writer;
    private TaskCompletionSource? _pong;
    private string? _sessionUuid;
    private bool _everConnected;
    private Task _loop = Task.CompletedTask;
    private BlockingSocketStream? _transport;
    private HttpMessageInvoker? _handshakes;

    public int Index { get; } = index;
    public bool IsReady => _ready;
    public int InFlight => Volatile.Read(ref _inFlight);
    public string? SessionUuid => _sessionUuid;

    public bool TryReserve(int max)
    {
        if (Interlocked.Increment(ref _inFlight) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Release()
    {
        Interlocked.Decrement(ref _inFlight);
        pool.OnCapacityFreed();
    }

    public bool TryEnqueue(PendingTask pending) =>
        _ready && Volatile.Read(ref _writer) is { } writer && writer.TryEnqueue(pending);

    public void OnPong() => Volatile.Read(ref _pong)?.TrySetResult();

    /// <summary>Drops the socket at once (tests, a missed pong, an authentication error mid-session).</summary>
    public void Abort(Exception? reason = null)
    {
        _abortReason = reason;
        try
        {
            Volatile.Read(ref _socket)?.Abort();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private Exception? _abortReason;

    public string RedactKey(string text) =>
        text.Contains(connectionString.ApiKey, StringComparison.Ordinal) ? text.Replace(connectionString.ApiKey, "***", StringComparison.Ordinal) : text;

    public void Start(CancellationToken stopping) => _loop = Task.Run(() => RunAsync(stopping), CancellationToken.None);

    public async Task StopAsync()
    {
        Abort();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _handshakes?.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        if (Index > 0)
        {
            // Only the first connection tries the key until it is accepted once: a bad key costs one attempt, not N.
            try
            {
                await pool.KeyAccepted.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            Exception? reason = null;
            var wasReady = false;
            try
            {
                pool.OnConnectAttempt();
                await ConnectAsync(stopping).ConfigureAwait(false);
                wasReady = true;
                failures = 0;
                if (_everConnected)
                {
                    RunwareTelemetry.Reconnects.Add(1);
                }

                _everConnected = true;
                await RunSessionAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                reason = _abortReason is RunwareAuthenticationException ? _abortReason : exception;
            }

            _abortReason = null;
            var inFlight = InFlight;
            Close();
            pool.OnConnectionLost(this, reason);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            TimeSpan delay;
            if (reason is RunwareAuthenticationException refused)
            {
                pool.OnKeyRefused(refused);
                _sessionUuid = null;
                delay = options.AuthenticationRetryInterval;
            }
            else
            {
                delay = Backoff(++failures);
                if (wasReady || failures == 1)
                {
                    RunwareLog.ConnectionLost(logger, Index, inFlight, (long)delay.TotalMilliseconds, reason);
                }
            }

            try
            {
                await Task.Delay(delay, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 16);
        var baseDelay = Math.Min(options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, exponent), options.MaxReconnectDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(baseDelay * (1 + Random.Shared.NextDouble() * options.ReconnectJitter));
    }

    private async Task ConnectAsync(CancellationToken stopping)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetRequestHeader("X-SDK-Name", "runwarecloud-dotnet");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(options.ConnectTimeout);
        Volatile.Write(ref _socket, socket);
        try
        {
            await socket.ConnectAsync(connectionString.WebSocketEndpoint, Handshakes(), timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(AuthenticationFrame(), WebSocketMessageType.Text, true, timeout.Token).ConfigureAwait(false);
            while (true)
            {
                var frame = await ReceiveFrameAsync(socket, timeout.Token).ConfigureAwait(false);
                if (TryReadAuthenticationReply(frame))
                {
                    break;
                }

                pool.OnFrame(this, frame);
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"Connecting and authenticating to {connectionString.WebSocketEndpoint} took longer than {options.ConnectTimeout}.");
        }

        Volatile.Write(ref _pong, null);
        Volatile.Write(ref _writer, new SessionWriter(this, socket, options.MaxTasksPerFrame, stopping));
        _ready = true;
        RunwareLog.Authenticated(logger, Index, connectionString.WebSocketEndpoint, _sessionUuid);
        pool.OnAuthenticated();
    }

    private HttpMessageInvoker Handshakes()
    {
        if (_handshakes is null)
        {
            var handler = new SocketsHttpHandler
            {
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var stream = await BlockingSocketStream.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken)
                        .ConfigureAwait(false);
                    Volatile.Write(ref _transport, stream);
                    return (Stream)stream;
                },
            };
            options.ConfigureTls?.Invoke(handler.SslOptions);
            _handshakes = new HttpMessageInvoker(handler);
        }

        return _handshakes;
    }

    private ReadOnlyMemory<byte> AuthenticationFrame()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("taskType"u8, "authentication"u8);
            writer.WriteString("apiKey"u8, connectionString.ApiKey);
            if (_sessionUuid is not null)
            {
                writer.WriteString("connectionSessionUUID"u8, _sessionUuid);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        return buffer.WrittenMemory;
    }

    private bool TryReadAuthenticationReply(ReadOnlyMemory<byte> frame)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (root.TryGetProperty("errors"u8, out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in errors.EnumerateArray())
            {
                var exception = pool.ReadError(error, out var taskUuid);
                var isAuthentication = exception is RunwareAuthenticationException
                    || (error.TryGetProperty("taskType"u8, out var type) && type.ValueEquals("authentication"u8));
                if (isAuthentication || taskUuid is null)
                {
                    throw exception is RunwareAuthenticationException ? exception : new RunwareAuthenticationException(exception.Code, exception.Message);
                }
            }
        }

        if (root.TryGetProperty("data"u8, out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in data.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("taskType"u8, out var type) && type.ValueEquals("authentication"u8))
                {
                    _sessionUuid = item.TryGetProperty("connectionSessionUUID"u8, out var session) && session.ValueKind == JsonValueKind.String
                        ? session.GetString()
                        : _sessionUuid;
                    return true;
                }
            }
        }

        return false;
    }

    private async Task<ReadOnlyMemory<byte>> ReceiveFrameAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            if (count == _receiveBuffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_receiveBuffer.Length * 2);
                _receiveBuffer.AsSpan(0, count).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_receiveBuffer);
                _receiveBuffer = larger;
            }

            var received = await socket.ReceiveAsync(_receiveBuffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "Runware closed the connection.");
            }

            count += received.Count;
            if (received.EndOfMessage)
            {
                return _receiveBuffer.AsMemory(0, count);
            }
        }
    }

    private async Task RunSessionAsync(CancellationToken stopping)
    {
        var socket = _socket!;
        var writer = _writer!;
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var pinger = PingLoopAsync(writer, session.Token);
        var reader = ReadLoopAsync(socket);
        var first = await Task.WhenAny(writer.Ended, pinger, reader).ConfigureAwait(false);
        _ready = false;
        writer.Close();
        session.Cancel();
        socket.Abort();
        try
        {
            await Task.WhenAll(writer.Ended, pinger, reader).ConfigureAwait(false);
        }
        catch
        {
            // The first failure is the reason; the others are its echoes.
        }

        await first.ConfigureAwait(false);
        throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The Runware connection ended.");
    }

    /// <summary>
    /// The reader owns a thread (see <see cref="BlockingSocketStream"/>): it parses each frame where the kernel woke it and,
    /// when no further bytes are waiting, lends itself to the caller whose task finished last; every other caller, and the
    /// last one too while more input is queued, continues on the thread pool.
    /// </summary>
    private Task ReadLoopAsync(ClientWebSocket socket)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = Volatile.Read(ref _transport);
        var thread = new Thread(() =>
        {
            try
            {
                var deliveries = new List<PendingTask>();
                while (true)
                {
                    var frame = ReceiveFrame(socket);
                    pool.OnFrame(this, frame, deliveries);
                    if (deliveries.Count > 0)
                    {
                        RunwarePool.Deliver(deliveries, lendThisThread: transport is { HasBufferedInput: false });
                        deliveries.Clear();
                    }
                }
            }
            catch (Exception exception)
            {
                ended.TrySetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = $"Runware connection {Index}",
        };
        thread.Start();
        return ended.Task;
    }

    private ReadOnlyMemory<byte> ReceiveFrame(ClientWebSocket socket)
    {
        var receive = ReceiveFrameAsync(socket, CancellationToken.None);
        return receive.IsCompletedSuccessfully ? receive.Result : receive.GetAwaiter().GetResult();
    }

    private async Task PingLoopAsync(SessionWriter writer, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(options.PingInterval, cancellationToken).ConfigureAwait(false);
            var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _pong, pong);
            if (!writer.TryEnqueuePing())
            {
                return;
            }

            var deadline = Task.Delay(options.PongTimeout, cancellationToken);
            if (await Task.WhenAny(pong.Task, deadline).ConfigureAwait(false) != pong.Task)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RunwareLog.PongMissed(logger, Index, options.PongTimeout);
                throw new TimeoutException($"No pong within {options.PongTimeout} on Runware connection {Index}.");
            }
        }
    }

    private void Close()
    {
        _ready = false;
        Volatile.Read(ref _writer)?.Close();
        if (Interlocked.Exchange(ref _socket, null) is { } socket)
        {
            socket.Abort();
            socket.Dispose();
        }

        Volatile.Write(ref _transport, null);
    }
}
