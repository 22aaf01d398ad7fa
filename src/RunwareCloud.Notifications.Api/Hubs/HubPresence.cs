using System.Collections.Concurrent;

namespace RunwareCloud.Notifications.Api.Hubs;

/// <summary>How many hub connections each user has on this instance, so that announcements for others skip the hub.</summary>
public sealed class HubPresence
{
    private readonly ConcurrentDictionary<Guid, int> _connections = new();

    public bool IsConnected(Guid userId) => _connections.ContainsKey(userId);

    public void Connected(Guid userId) => _connections.AddOrUpdate(userId, 1, (_, count) => count + 1);

    public void Disconnected(Guid userId)
    {
        while (_connections.TryGetValue(userId, out var count))
        {
            if (count <= 1
                ? _connections.TryRemove(new KeyValuePair<Guid, int>(userId, count))
                : _connections.TryUpdate(userId, count - 1, count))
            {
                return;
            }
        }
    }
}
