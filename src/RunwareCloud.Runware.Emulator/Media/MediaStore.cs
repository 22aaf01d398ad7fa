using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Runware.Emulator.Media;

/// <summary>
/// One stored result. Its bytes may be produced on first read: a text-to-image result that was asked for by URL only is
/// painted when somebody fetches it, so a task costs what the client looks at (results are deterministic, so when they
/// are painted does not show).
/// </summary>
public sealed class MediaItem(Guid id, Func<byte[]> produce, long sizeHint, string contentType, string extension, DateTimeOffset createdAt, DateTimeOffset expiresAt)
{
    private readonly Lazy<byte[]> _bytes = new(produce, LazyThreadSafetyMode.ExecutionAndPublication);
    private string? _etag;

    public Guid Id { get; } = id;
    public string ContentType { get; } = contentType;
    public string Extension { get; } = extension;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The size counted against the store's byte budget: the real size of bytes stored as they are, an estimate for bytes produced on first read.</summary>
    public long SizeHint { get; } = sizeHint;

    public byte[] Bytes => _bytes.Value;

    public string ETag => _etag ??= $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bytes))[..32]}\"";
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

    public MediaItem Add(byte[] bytes, string contentType, string extension, TimeSpan? ttl = null) =>
        Add(() => bytes, bytes.Length, contentType, extension, ttl);

    public MediaItem Add(Func<byte[]> produce, long sizeHint, string contentType, string extension, TimeSpan? ttl = null)
    {
        var now = time.GetUtcNow();
        var item = new MediaItem(Guid.NewGuid(), produce, sizeHint, contentType, extension, now, now + (ttl ?? options.Value.MediaTtl));
        _items[item.Id] = item;
        _order.Enqueue(item.Id);
        Interlocked.Add(ref _bytes, item.SizeHint);
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
            Interlocked.Add(ref _bytes, -removed.SizeHint);
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
