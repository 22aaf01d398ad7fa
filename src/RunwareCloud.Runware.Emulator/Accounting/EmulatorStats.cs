using System.Collections.Concurrent;

namespace RunwareCloud.Runware.Emulator.Accounting;

/// <summary>Counters served by GET /admin/stats.</summary>
public sealed class EmulatorStats
{
    private readonly ConcurrentDictionary<string, long> _served = new();
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private long _activeSockets;
    private long _totalConnections;
    private long _tasksReceived;
    private long _authFailures;

    public long ActiveSockets => Interlocked.Read(ref _activeSockets);

    public long TotalConnections => Interlocked.Read(ref _totalConnections);

    public long TasksReceived => Interlocked.Read(ref _tasksReceived);

    public long AuthFailures => Interlocked.Read(ref _authFailures);

    public long TasksServed => _served.Values.Sum();

    public IReadOnlyDictionary<string, long> ServedByTaskType => new Dictionary<string, long>(_served);

    public IReadOnlyDictionary<string, long> ErrorsByCode => new Dictionary<string, long>(_errors);

    public void SocketOpened()
    {
        Interlocked.Increment(ref _activeSockets);
        Interlocked.Increment(ref _totalConnections);
    }

    public void SocketClosed() => Interlocked.Decrement(ref _activeSockets);

    public void TaskReceived() => Interlocked.Increment(ref _tasksReceived);

    public void AuthFailed() => Interlocked.Increment(ref _authFailures);

    public void TaskServed(string taskType) => _served.AddOrUpdate(taskType, 1, (_, n) => n + 1);

    public void ErrorSent(string code) => _errors.AddOrUpdate(code, 1, (_, n) => n + 1);

    public object Snapshot() => new
    {
        tasksReceived = TasksReceived,
        tasksServed = TasksServed,
        servedByTaskType = ServedByTaskType,
        errorsByCode = ErrorsByCode,
        activeSockets = ActiveSockets,
        totalConnections = TotalConnections,
        authFailures = AuthFailures,
    };
}
