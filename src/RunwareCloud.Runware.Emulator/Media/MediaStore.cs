using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Runware.Emulator.Media;

public sealed record MediaItem(Guid Id, byte[] Bytes, string ContentType, string Extension, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public string ETag { get; } = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bytes))[..32]}\"";
}

public enum MediaLookup
{
    Found,
    Expired,
    Missing,
}

/// <summary>Generated and uploaded media, in memory, each with an expiry; the oldest go first past the byte budget.</summary>
public sealed class MediaStore(IOptions<EmulatorOptions> options, TimeProvider time)
{
    private static readonly TimeSpan s_tombstoneRetention = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<Guid, MediaItem> _items = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _expired = new();
    private readonly ConcurrentQueue<Guid> _order = new();
    private long _bytes;

    public int Count => _items.Count;

    public MediaItem Add(byte[] bytes, string contentType, string extension, TimeSpan? ttl = null)
    {
        var now = time.GetUtcNow();
        var item = new MediaItem(Guid.NewGuid(), bytes, contentType, extension, now, now + (ttl ?? options.Value.MediaTtl));
        _items[item.Id] = item;
        _order.Enqueue(item.Id);
        Interlocked.Add(ref _bytes, bytes.Length);
        Evict();
        return item;
    }

    public MediaLookup TryGet(Guid id, out MediaItem? item)
    {
        if (_items.TryGetValue(id, out item))
        {
            if (time.GetUtcNow() < item.ExpiresAt)
            {
                return MediaLookup.Found;
            }

            Remove(id, tombstone: true);
            item = null;
            return MediaLookup.Expired;
        }

        item = null;
        if (_expired.TryGetValue(id, out var expiredAt))
        {
            if (time.GetUtcNow() - expiredAt < s_tombstoneRetention)
            {
                return MediaLookup.Expired;
            }

            _expired.TryRemove(id, out _);
        }

        return MediaLookup.Missing;
    }

    private void Remove(Guid id, bool tombstone)
    {
        if (_items.TryRemove(id, out var removed))
        {
            Interlocked.Add(ref _bytes, -removed.Bytes.Length);
            if (tombstone)
            {
                _expired[id] = time.GetUtcNow();
            }
        }
    }

    private void Evict()
    {
        while (Interlocked.Read(ref _bytes) > options.Value.MaxMediaBytes && _order.TryDequeue(out var oldest))
        {
            Remove(oldest, tombstone: true);
        }

        if (_order.Count > _items.Count * 2 + 1024)
        {
            var live = _order.Where(_items.ContainsKey).ToList();
            _order.Clear();
            live.ForEach(_order.Enqueue);
        }
    }
}
