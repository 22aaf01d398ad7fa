using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RunwareCloud.Runware.Telemetry;

namespace RunwareCloud.Runware.Pool;

/// <summary>
/// N authenticated WebSocket connections to Runware shared by every caller in the process: tasks are multiplexed by
/// <c>taskUUID</c>, sent on the least-loaded connection, bounded by per-connection and global in-flight limits, and
/// re-sent on another connection when theirs drops.
/// </summary>
public sealed class RunwarePool : IRunwareTransport, IRunwarePoolGauges, IAsyncDisposable
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private readonly ConcurrentDictionary<Guid, PendingTask> _pending = new();
    private readonly RunwareConnection[] _connections;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _keyAccepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RunwarePoolOptions _options;
    private readonly IRunwareConcurrencyLimiter _limiter;
    private readonly ILogger _logger;
    private readonly int _maxInFlight;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile RunwareAuthenticationException? _keyRefused;
    private int _waiting;
    private int _dispatchWaiters;
    private long _inFlight;
    private long _connectAttempts;
    private int _started;
    private int _disposed;

    public RunwarePool(RunwareConnectionString connectionString, RunwarePoolOptions options,
        IRunwareConcurrencyLimiter? limiter = null, ILogger<RunwarePool>? logger = null)
    {
        _options = options;
        _limiter = limiter ?? UnlimitedRunwareConcurrency.Instance;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _maxInFlight = options.EffectiveMaxInFlight;
        _slots = new SemaphoreSlim(_maxInFlight, _maxInFlight);
        _connections = new RunwareConnection[options.Connections];
        for (var i = 0; i < _connections.Length; i++)
        {
            _connections[i] = new RunwareConnection(this, i, connectionString, options, _logger);
        }

        RunwareTelemetry.Register(this);
    }

    public bool IsReady => AuthenticatedConnections > 0;

    public long InFlight => Interlocked.Read(ref _inFlight);

    public long QueueLength => Volatile.Read(ref _waiting);

    public long AuthenticatedConnections
    {
        get
        {
            var count = 0;
            foreach (var connection in _connections)
            {
                count += connection.IsReady ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>WebSocket connection attempts so far (authentication included).</summary>
    public long ConnectAttempts => Interlocked.Read(ref _connectAttempts);

    internal Task KeyAccepted => _keyAccepted.Task;

    internal IReadOnlyList<RunwareConnection> Connections => _connections;

    /// <summary>Opens the connections in the background; sending a task does it too.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        foreach (var connection in _connections)
        {
            connection.Start(_stopping.Token);
        }
    }

    /// <summary>Waits until at least <paramref name="connections"/> connections are authenticated.</summary>
    public async Task WaitUntilReadyAsync(int connections = 1, CancellationToken cancellationToken = default)
    {
        Start();
        while (AuthenticatedConnections < connections)
        {
            var changed = Volatile.Read(ref _changed).Task;
            ThrowIfKeyRefused();
            if (AuthenticatedConnections >= connections)
            {
                return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<RunwareTaskResult> SendAsync<TState>(RunwareTaskSpec spec, TState state, RunwareTaskFieldsWriter<TState> writeFields,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        Start();
        ThrowIfKeyRefused();

        if (!_slots.Wait(0))
        {
            await WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
        }

        PendingTask pending;
        IAsyncDisposable? lease = null;
        try
        {
            lease = await _limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
            pending = Create(spec, state, writeFields);
            pending.Lease = lease;
        }
        catch
        {
            if (lease is not null)
            {
                ReleaseLease(lease);
            }

            _slots.Release();
            throw;
        }

        Interlocked.Increment(ref _inFlight);
        if (!_pending.TryAdd(pending.Uuid, pending))
        {
            Fail(pending, new RunwareException("conflictTaskUUID", $"Task {pending.Uuid} is already in flight.", "taskUUID", pending.Uuid, spec.TaskType));
            return await pending.Task.ConfigureAwait(false);
        }

        pending.Arm(spec.Timeout ?? _options.TimeoutFor(spec.TaskType), cancellationToken);
        Dispatch(pending);
        return await pending.Task.ConfigureAwait(false);
    }

    private async Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > _options.MaxQueueLength)
        {
            Interlocked.Decrement(ref _waiting);
            throw new RunwarePoolSaturatedException(_maxInFlight, _options.MaxQueueLength);
        }

        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private PendingTask Create<TState>(RunwareTaskSpec spec, TState state, RunwareTaskFieldsWriter<TState> writeFields)
    {
        var uuid = spec.TaskUuid ?? TaskUuids.Next();
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("taskUUID"u8, uuid);
        writer.WriteString("taskType"u8, spec.TaskType);
        writeFields(writer, state);
        writer.WriteEndObject();
        writer.Flush();
        var payload = buffer.WrittenSpan.ToArray();

        var activity = RunwareTelemetry.Source.StartActivity("runware.task", ActivityKind.Client);
        if (activity is not null)
        {
            activity.DisplayName = $"runware {spec.TaskType}";
            activity.SetTag("runware.task_type", spec.TaskType);
            activity.SetTag("runware.task_uuid", uuid.ToString());
            if (spec.Model is not null)
            {
                activity.SetTag("runware.model", spec.Model);
            }
        }

        return new PendingTask(this, spec, uuid, payload) { Activity = activity };
    }

    private void Dispatch(PendingTask pending)
    {
        if (!TryDispatchNow(pending))
        {
            _ = DispatchWhenPossibleAsync(pending);
        }
    }

    /// <summary>True when the task is on its way (or finished, or claimed by someone else); false when no connection can take it.</summary>
    private bool TryDispatchNow(PendingTask pending)
    {
        while (true)
        {
            if (pending.IsFinished)
            {
                return true;
            }

            var connection = ReserveLeastLoaded();
            if (connection is null)
            {
                return false;
            }

            if (!pending.TryAssign(connection))
            {
                connection.Release();
                return true;
            }

            if (connection.TryEnqueue(pending))
            {
                if (pending.IsFinished && pending.TryUnassign(connection))
                {
                    connection.Release();
                }

                return true;
            }

            if (!pending.TryUnassign(connection))
            {
                // The drop handler claimed it and will send it elsewhere.
                return true;
            }

            connection.Release();
        }
    }

    private async Task DispatchWhenPossibleAsync(PendingTask pending)
    {
        Interlocked.Increment(ref _dispatchWaiters);
        try
        {
            var noConnectionSince = 0L;
            while (!pending.IsFinished)
            {
                var changed = Volatile.Read(ref _changed).Task;
                if (TryDispatchNow(pending))
                {
                    return;
                }

                if (AuthenticatedConnections == 0)
                {
                    if (_keyRefused is { } refused)
                    {
                        Fail(pending, new RunwareAuthenticationException(refused.Code, refused.Message));
                        return;
                    }

                    noConnectionSince = noConnectionSince == 0 ? Stopwatch.GetTimestamp() : noConnectionSince;
                    var waited = Stopwatch.GetElapsedTime(noConnectionSince);
                    if (waited >= _options.ConnectTimeout)
                    {
                        Fail(pending, new RunwareConnectionException(
                            $"No Runware connection became available within {_options.ConnectTimeout.TotalSeconds:0.###} s for task {pending.Spec.TaskType} {pending.Uuid}."));
                        return;
                    }

                    await Task.WhenAny(changed, pending.Task, Task.Delay(_options.ConnectTimeout - waited)).ConfigureAwait(false);
                    continue;
                }

                noConnectionSince = 0;
                await Task.WhenAny(changed, pending.Task).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _dispatchWaiters);
        }
    }

    private RunwareConnection? ReserveLeastLoaded()
    {
        var max = _options.MaxInFlightPerConnection;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            RunwareConnection? best = null;
            var bestLoad = int.MaxValue;
            foreach (var connection in _connections)
            {
                if (!connection.IsReady)
                {
                    continue;
                }

                var load = connection.InFlight;
                if (load < bestLoad && load < max)
                {
                    best = connection;
                    bestLoad = load;
                }
            }

            if (best is null)
            {
                return null;
            }

            if (best.TryReserve(max))
            {
                return best;
            }
        }

        return null;
    }

    /// <summary>
    /// Routes one frame's results and errors to their tasks. Finished tasks go to <paramref name="deliveries"/> when the
    /// caller delivers them itself, else to the thread pool.
    /// </summary>
    internal void OnFrame(RunwareConnection connection, ReadOnlyMemory<byte> frame, List<PendingTask>? deliveries = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException exception)
        {
            RunwareLog.BadFrame(_logger, connection.Index, exception);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            List<PendingTask>? firstFrame = null;
            if (root.TryGetProperty("data"u8, out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    if (item.TryGetProperty("taskUUID"u8, out var uuidElement) && uuidElement.ValueKind == JsonValueKind.String
                        && uuidElement.TryGetGuid(out var uuid))
                    {
                        if (_pending.TryGetValue(uuid, out var pending))
                        {
                            if (pending.AddItem(item))
                            {
                                Succeed(pending, deliveries);
                            }
                            else if (pending.Spec.CompleteOnFirstFrame)
                            {
                                (firstFrame ??= []).Add(pending);
                            }
                        }
                    }
                    else if (item.TryGetProperty("taskType"u8, out var taskType) && taskType.ValueEquals("ping"u8))
                    {
                        connection.OnPong();
                    }
                }
            }

            if (root.TryGetProperty("errors"u8, out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    var exception = ReadError(error, out var uuid);
                    if (uuid is { } taskUuid && _pending.TryGetValue(taskUuid, out var pending))
                    {
                        Fail(pending, exception, deliveries);
                    }
                    else if (exception is RunwareAuthenticationException refused)
                    {
                        connection.Abort(refused);
                    }
                    else
                    {
                        RunwareLog.UnroutedError(_logger, exception.Code, exception.Message);
                    }
                }
            }

            if (firstFrame is not null)
            {
                foreach (var pending in firstFrame)
                {
                    Succeed(pending, deliveries);
                }
            }
        }
    }

    internal RunwareException ReadError(JsonElement error, out Guid? taskUuid)
    {
        string? Read(ReadOnlySpan<byte> name) =>
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        taskUuid = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("taskUUID"u8, out var uuidElement)
            && uuidElement.ValueKind == JsonValueKind.String && uuidElement.TryGetGuid(out var uuid)
                ? uuid
                : null;
        var code = Read("code"u8) ?? "unknownError";
        var message = RedactKey(Read("message"u8) ?? Read("errorMessage"u8) ?? code);
        return RunwareErrorCodes.IsAuthentication(code)
            ? new RunwareAuthenticationException(code, message)
            : new RunwareException(code, message, Read("parameter"u8), taskUuid, Read("taskType"u8));
    }

    internal string RedactKey(string text) => _connections[0].RedactKey(text);

    internal void Succeed(PendingTask pending, List<PendingTask>? deliveries = null)
    {
        if (!Finish(pending))
        {
            return;
        }

        var result = pending.BuildResult();
        Record(pending, null, result);
        pending.Stage(result, null);
        Hand(pending, deliveries);
    }

    internal void Fail(PendingTask pending, Exception exception, List<PendingTask>? deliveries = null)
    {
        if (!Finish(pending))
        {
            return;
        }

        Record(pending, exception, null);
        pending.Stage(null, exception);
        Hand(pending, deliveries);
    }

    private static void Hand(PendingTask pending, List<PendingTask>? deliveries)
    {
        if (deliveries is not null)
        {
            deliveries.Add(pending);
        }
        else
        {
            pending.DeliverLater();
        }
    }

    /// <summary>
    /// Called by a read loop with the tasks a frame finished: the callers continue on the thread pool, side by side, except
    /// the last one when the reader may lend its own thread (no hand-off, the common case at low concurrency).
    /// </summary>
    internal static void Deliver(List<PendingTask> deliveries, bool lendThisThread)
    {
        var handedOff = lendThisThread ? deliveries.Count - 1 : deliveries.Count;
        for (var i = 0; i < handedOff; i++)
        {
            deliveries[i].DeliverLater();
        }

        if (lendThisThread)
        {
            deliveries[^1].Deliver();
        }
    }

    private bool Finish(PendingTask pending)
    {
        if (!pending.TryFinish())
        {
            return false;
        }

        _pending.TryRemove(new KeyValuePair<Guid, PendingTask>(pending.Uuid, pending));
        if (pending.Unassign() is { } connection)
        {
            connection.Release();
        }

        Interlocked.Decrement(ref _inFlight);
        _slots.Release();
        if (pending.Lease is { } lease)
        {
            ReleaseLease(lease);
        }

        if (Volatile.Read(ref _dispatchWaiters) > 0)
        {
            Pulse();
        }

        return true;
    }

    private void ReleaseLease(IAsyncDisposable lease)
    {
        var release = lease.DisposeAsync();
        if (!release.IsCompletedSuccessfully)
        {
            _ = AwaitRelease(release);
        }

        async Task AwaitRelease(ValueTask pendingRelease)
        {
            try
            {
                await pendingRelease.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                RunwareLog.LeaseReleaseFailed(_logger, exception);
            }
        }
    }

    private static void Record(PendingTask pending, Exception? exception, RunwareTaskResult? result)
    {
        var taskType = pending.Spec.TaskType;
        var outcome = exception switch
        {
            null => "success",
            RunwareTimeoutException => "timeout",
            OperationCanceledException => "canceled",
            RunwareException => "error",
            _ => "failure",
        };
        var tags = new TagList { { "runware.task_type", taskType }, { "runware.outcome", outcome } };
        RunwareTelemetry.TaskDuration.Record(Stopwatch.GetElapsedTime(pending.StartTimestamp).TotalSeconds, tags);
        if (exception is not null and not OperationCanceledException)
        {
            var code = exception switch
            {
                RunwareException runware => runware.Code,
                RunwareTimeoutException => "timeout",
                RunwareConnectionException => "connectionLost",
                _ => exception.GetType().Name,
            };
            RunwareTelemetry.Errors.Add(1, new TagList { { "runware.task_type", taskType }, { "error.code", code } });
        }

        if (pending.Activity is { } activity)
        {
            activity.SetTag("runware.task_uuid", pending.Uuid.ToString());
            if (result is not null)
            {
                activity.SetTag("runware.result_count", result.Items.Count);
                double cost = 0;
                foreach (var item in result.Items)
                {
                    if (item.TryGetProperty("cost"u8, out var value) && value.ValueKind == JsonValueKind.Number)
                    {
                        cost += value.GetDouble();
                    }
                }

                activity.SetTag("runware.cost", cost);
            }

            if (exception is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, exception.Message);
                activity.SetTag("error.type", exception is RunwareException runware ? runware.Code : exception.GetType().Name);
            }

            activity.Dispose();
        }
    }

    internal void OnAuthenticated()
    {
        _keyRefused = null;
        _keyAccepted.TrySetResult();
        Pulse();
    }

    internal void OnKeyRefused(RunwareAuthenticationException exception)
    {
        _keyRefused = exception;
        RunwareLog.AuthenticationFailed(_logger, exception.Code, _options.AuthenticationRetryInterval);
        Pulse();
    }

    internal void OnConnectAttempt() => Interlocked.Increment(ref _connectAttempts);

    /// <summary>Sends the connection's tasks again on another connection, or fails those that used their attempts.</summary>
    internal void OnConnectionLost(RunwareConnection connection, Exception? reason)
    {
        Pulse();
        foreach (var (_, pending) in _pending)
        {
            if (pending.Connection != connection || !pending.TryUnassign(connection))
            {
                continue;
            }

            connection.Release();
            if (pending.IsFinished)
            {
                continue;
            }

            if (!pending.Sent)
            {
                Dispatch(pending);
            }
            else if (pending.Attempts < _options.RedispatchAttempts)
            {
                pending.Attempts++;
                if (pending.Spec.TaskUuid is null)
                {
                    Redispatch(pending);
                }
                else
                {
                    // A caller-chosen UUID (e.g. a getResponse poll) must keep its identity.
                    pending.Sent = false;
                    RunwareTelemetry.Redispatches.Add(1, new TagList { { "runware.task_type", pending.Spec.TaskType } });
                    Dispatch(pending);
                }
            }
            else
            {
                Fail(pending, new RunwareConnectionException(
                    $"The connection carrying Runware task {pending.Spec.TaskType} {pending.Uuid} dropped and the task was already re-sent {pending.Attempts} time(s).",
                    reason));
            }
        }
    }

    private void Redispatch(PendingTask pending)
    {
        var previous = pending.Uuid;
        var uuid = pending.Rekey();
        pending.Sent = false;
        _pending.TryAdd(uuid, pending);
        _pending.TryRemove(new KeyValuePair<Guid, PendingTask>(previous, pending));
        if (pending.IsFinished)
        {
            _pending.TryRemove(new KeyValuePair<Guid, PendingTask>(uuid, pending));
            return;
        }

        RunwareTelemetry.Redispatches.Add(1, new TagList { { "runware.task_type", pending.Spec.TaskType } });
        RunwareLog.Redispatched(_logger, previous, uuid);
        Dispatch(pending);
    }

    internal void OnCapacityFreed()
    {
        if (Volatile.Read(ref _dispatchWaiters) > 0)
        {
            Pulse();
        }
    }

    private void Pulse()
    {
        var previous = Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }

    private void ThrowIfKeyRefused()
    {
        if (_keyRefused is { } refused && AuthenticatedConnections == 0)
        {
            throw new RunwareAuthenticationException(refused.Code, refused.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        RunwareTelemetry.Unregister(this);
        _stopping.Cancel();
        await Task.WhenAll(_connections.Select(connection => connection.StopAsync())).ConfigureAwait(false);
        foreach (var (_, pending) in _pending)
        {
            Fail(pending, new RunwareConnectionException("The Runware pool was disposed."));
        }

        _stopping.Dispose();
    }
}
