using System.Collections.Concurrent;

namespace RunwareCloud.Pmr.Emulator;

/// <summary>The PMR's state, in memory: issued tokens and, per event and order, the photos received and the order status.</summary>
public sealed class PmrStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new();
    private readonly ConcurrentDictionary<(string EventId, string OrderId), PmrOrder> _orders = new();

    public string IssueToken(DateTimeOffset expiresAt)
    {
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        _tokens[token] = expiresAt;
        return token;
    }

    public bool IsValidToken(string token, DateTimeOffset now) => _tokens.TryGetValue(token, out var expiresAt) && expiresAt > now;

    public PmrOrder GetOrAddOrder(string eventId, string orderId) =>
        _orders.GetOrAdd((eventId, orderId), key => new PmrOrder { EventId = key.EventId, OrderId = key.OrderId });

    public PmrOrder? FindOrder(string eventId, string orderId) => _orders.GetValueOrDefault((eventId, orderId));

    public IReadOnlyList<PmrOrder> Orders => [.. _orders.Values];
}

public sealed class PmrOrder
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PmrPhoto> _photos = [];
    private int _uploadRequests;
    private int _replays;

    public required string EventId { get; init; }
    public required string OrderId { get; init; }
    public string Status { get; set; } = "open";
    public string? StatusNote { get; set; }

    /// <summary>Stores a photo once per key; a repeat returns the stored photo and <c>created: false</c>.</summary>
    public (PmrPhoto Photo, bool Created) AddPhoto(string key, Func<PmrPhoto> create)
    {
        lock (_lock)
        {
            _uploadRequests++;
            if (_photos.TryGetValue(key, out var existing))
            {
                _replays++;
                return (existing, false);
            }

            var photo = create();
            _photos[key] = photo;
            return (photo, true);
        }
    }

    public IReadOnlyList<PmrPhoto> Photos
    {
        get { lock (_lock) { return [.. _photos.Values.OrderBy(p => p.UploadedAt)]; } }
    }

    public int UploadRequests
    {
        get { lock (_lock) { return _uploadRequests; } }
    }

    public int Replays
    {
        get { lock (_lock) { return _replays; } }
    }
}

public sealed record PmrPhoto
{
    public required string Id { get; init; }
    public required string PhotoKey { get; init; }
    public required string Checksum { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required long Size { get; init; }
    public string? CustomerName { get; init; }
    public string? CustomerEmail { get; init; }
    public string? Caption { get; init; }
    public required IReadOnlyList<string> Operations { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }
}

/// <summary>The metadata part of a photo upload (JSON in the multipart field <c>metadata</c>).</summary>
public sealed record PhotoMetadata
{
    public string? PhotoKey { get; init; }
    public PhotoCustomer? Customer { get; init; }
    public string? Caption { get; init; }
    public IReadOnlyList<string>? Operations { get; init; }
    public string? Checksum { get; init; }
}

public sealed record PhotoCustomer
{
    public string? Name { get; init; }
    public string? Email { get; init; }
}
