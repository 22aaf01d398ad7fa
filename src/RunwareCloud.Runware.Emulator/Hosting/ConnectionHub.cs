using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Faults;

namespace RunwareCloud.Runware.Emulator.Hosting;

/// <summary>Open sockets and resumable sessions; aborts every socket on a drop fault or at shutdown.</summary>
public sealed class ConnectionHub
{
    private readonly ConcurrentDictionary<Guid, SocketConnection> _connections = new();
    private readonly ConcurrentDictionary<string, SocketSession> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly EmulatorStats _stats;
    private readonly IOptions<EmulatorOptions> _options;
    private readonly TimeProvider _time;

    public ConnectionHub(EmulatorStats stats, IOptions<EmulatorOptions> options, TimeProvider time, FaultInjector faults, IHostApplicationLifetime lifetime)
    {
        _stats = stats;
        _options = options;
        _time = time;
        faults.DropSocketsRequested += DropAll;
        lifetime.ApplicationStopping.Register(DropAll);
    }

    public int OpenSockets => _connections.Count;

    public void Register(SocketConnection connection)
    {
        _connections[connection.Id] = connection;
        _stats.SocketOpened();
    }

    public void Unregister(SocketConnection connection, SocketSession? session)
    {
        if (_connections.TryRemove(connection.Id, out _))
        {
            _stats.SocketClosed();
        }

        session?.Detach(connection, _time.GetUtcNow());
    }

    /// <summary>The session for a successful authentication: the requested one when it exists for this key, else a new one.</summary>
    public SocketSession OpenSession(string apiKey, string? requestedId)
    {
        PurgeExpiredSessions();
        if (requestedId is not null && Guid.TryParse(requestedId, out _))
        {
            if (_sessions.TryGetValue(requestedId, out var existing) && existing.ApiKey == apiKey)
            {
                return existing;
            }

            if (existing is null)
            {
                return _sessions.GetOrAdd(requestedId, id => new SocketSession(id, apiKey));
            }
        }

        var session = new SocketSession(Guid.NewGuid().ToString(), apiKey);
        _sessions[session.Id] = session;
        return session;
    }

    public void DropAll()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Abort();
        }
    }

    private void PurgeExpiredSessions()
    {
        var cutoff = _time.GetUtcNow() - _options.Value.SessionRetention;
        foreach (var (id, session) in _sessions)
        {
            if (session.DetachedAt is { } detached && detached < cutoff)
            {
                _sessions.TryRemove(id, out _);
            }
        }
    }
}
