using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>A connection on this instance that wants its user's notifications as they are logged.</summary>
public interface ILiveListener
{
    Guid UserId { get; }

    void Deliver(NotificationFrame frame);

    /// <summary>Live delivery may have skipped something (the instance lost its Redis subscription): re-read the log.</summary>
    void CatchUp();

    /// <summary>Writes a heartbeat soon if nothing was written for a heartbeat interval before <paramref name="now"/> (<see cref="Environment.TickCount64"/>).</summary>
    void HeartbeatIfIdle(long now);
}

/// <summary>The stream connections open on this instance, by user.</summary>
public sealed class LiveSubscribers
{
    private readonly ConcurrentDictionary<Guid, ImmutableArray<ILiveListener>> _listeners = new();
    private readonly Lock _gate = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IDisposable Add(ILiveListener listener)
    {
        lock (_gate)
        {
            _listeners[listener.UserId] = _listeners.TryGetValue(listener.UserId, out var existing) ? existing.Add(listener) : [listener];
            _count++;
        }

        return new Registration(this, listener);
    }

    public bool HasListeners(Guid userId) => _listeners.ContainsKey(userId);

    public void Deliver(NotificationFrame frame)
    {
        if (_listeners.TryGetValue(frame.UserId, out var listeners))
        {
            foreach (var listener in listeners)
            {
                listener.Deliver(frame);
            }
        }
    }

    public void CatchUpAll()
    {
        foreach (var (_, listeners) in _listeners)
        {
            foreach (var listener in listeners)
            {
                listener.CatchUp();
            }
        }
    }

    public void HeartbeatIdle(long now)
    {
        foreach (var (_, listeners) in _listeners)
        {
            foreach (var listener in listeners)
            {
                listener.HeartbeatIfIdle(now);
            }
        }
    }

    private void Remove(ILiveListener listener)
    {
        lock (_gate)
        {
            if (!_listeners.TryGetValue(listener.UserId, out var existing))
            {
                return;
            }

            var remaining = existing.Remove(listener);
            if (remaining.Length == existing.Length)
            {
                return;
            }

            _count--;
            if (remaining.IsEmpty)
            {
                _listeners.TryRemove(listener.UserId, out _);
            }
            else
            {
                _listeners[listener.UserId] = remaining;
            }
        }
    }

    private sealed class Registration(LiveSubscribers owner, ILiveListener listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(listener);
            }
        }
    }
}
