using System.Diagnostics;
using System.Text.Json;

namespace RunwareCloud.Runware.Pool;

/// <summary>
/// One task between dispatch and its last result: its serialized bytes, the results so far and its slot. Its outcome is
/// staged first and delivered to the caller afterwards, either on the thread pool or, by a read loop that has already
/// started its next receive, on the reader's own thread.
/// </summary>
internal sealed class PendingTask(RunwarePool pool, RunwareTaskSpec spec, Guid uuid, byte[] payload)
    : TaskCompletionSource<RunwareTaskResult>(TaskCreationOptions.None), IThreadPoolWorkItem
{
    // Every serialized task starts with {"taskUUID":" so a redispatch can swap the UUID without serializing again.
    internal const int UuidOffset = 13;

    private readonly RunwarePool _pool = pool;
    private List<JsonElement>? _items;
    private RunwareConnection? _connection;
    private int _finished;
    private volatile bool _sent;
    private CancellationTokenRegistration _cancellation;
    private CancellationTokenRegistration _timeout;
    private CancellationTokenSource? _timeoutSource;
    private RunwareTaskResult? _result;
    private Exception? _error;

    public Guid Uuid { get; private set; } = uuid;
    public Guid OriginalUuid { get; } = uuid;
    public RunwareTaskSpec Spec { get; } = spec;
    public byte[] Payload { get; private set; } = payload;
    public int Attempts { get; set; }
    public long StartTimestamp { get; } = Stopwatch.GetTimestamp();
    public Activity? Activity { get; init; }
    public IAsyncDisposable? Lease { get; set; }
    public bool Sent { get => _sent; set => _sent = value; }
    public bool IsFinished => Volatile.Read(ref _finished) != 0;
    public RunwareConnection? Connection => Volatile.Read(ref _connection);

    public bool TryAssign(RunwareConnection connection) => Interlocked.CompareExchange(ref _connection, connection, null) is null;

    public bool TryUnassign(RunwareConnection connection) => Interlocked.CompareExchange(ref _connection, null, connection) == connection;

    public RunwareConnection? Unassign() => Interlocked.Exchange(ref _connection, null);

    public void Arm(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Timeout = timeout;
        _timeoutSource = new CancellationTokenSource(timeout);
        _timeout = _timeoutSource.Token.UnsafeRegister(static state =>
        {
            var task = (PendingTask)state!;
            task._pool.Fail(task, new RunwareTimeoutException(task.Spec.TaskType, task.Uuid, task.Timeout));
        }, this);
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) =>
            {
                var task = (PendingTask)state!;
                task._pool.Fail(task, new OperationCanceledException(token));
            }, this);
        }
    }

    public TimeSpan Timeout { get; private set; }

    /// <summary>Adds one result; true when the task has all it expected.</summary>
    public bool AddItem(JsonElement item)
    {
        lock (this)
        {
            (_items ??= new List<JsonElement>(Spec.ExpectedResults)).Add(item.Clone());
            return _items.Count >= Spec.ExpectedResults;
        }
    }

    public RunwareTaskResult BuildResult()
    {
        lock (this)
        {
            return new RunwareTaskResult(Uuid, Spec.TaskType, (IReadOnlyList<JsonElement>?)_items ?? []);
        }
    }

    public int ItemCount
    {
        get
        {
            lock (this)
            {
                return _items?.Count ?? 0;
            }
        }
    }

    /// <summary>Gives the task a fresh UUID (a new payload copy: the old one may still be in a writer's hands).</summary>
    public Guid Rekey()
    {
        var uuid = TaskUuids.Next();
        var payload = (byte[])Payload.Clone();
        uuid.TryFormat(payload.AsSpan(UuidOffset, 36), out _, "D");
        lock (this)
        {
            _items?.Clear();
            Payload = payload;
            Uuid = uuid;
        }

        return uuid;
    }

    /// <summary>Claims the right to finish the task; only the first caller wins.</summary>
    public bool TryFinish()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return false;
        }

        _cancellation.Dispose();
        _timeout.Dispose();
        _timeoutSource?.Dispose();
        return true;
    }

    public void Stage(RunwareTaskResult? result, Exception? error)
    {
        _result = result;
        _error = error;
    }

    /// <summary>Runs the caller's continuation on this thread; only for a thread that may lend itself to the caller.</summary>
    public void Deliver()
    {
        switch (_error)
        {
            case null:
                TrySetResult(_result!);
                break;
            case OperationCanceledException canceled:
                TrySetCanceled(canceled.CancellationToken);
                break;
            default:
                TrySetException(_error);
                break;
        }
    }

    public void DeliverLater() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);

    void IThreadPoolWorkItem.Execute() => Deliver();
}
