using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Assets;

/// <summary>Where an asset's bytes are and who owns them: everything serving a download needs.</summary>
public sealed record AssetLocation(Guid OwnerId, string Checksum, string ContentType, bool HasThumbnail, DateTimeOffset CreatedAt);

/// <summary>
/// Looks assets up for downloads. These fields never change after an asset is stored, so a short in-process cache saves a
/// database round trip per request; a delete evicts its entry here, and other instances forget it within the lifetime.
/// </summary>
public sealed class AssetLocator(IMemoryCache cache)
{
    private static readonly TimeSpan s_lifetime = TimeSpan.FromSeconds(60);

    public async Task<AssetLocation?> FindAsync(HistoryDbContext db, Guid id, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue<AssetLocation>(Key(id), out var cached))
        {
            return cached;
        }

        var location = await db.Assets.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new AssetLocation(a.OwnerId, a.Checksum, a.ContentType, a.HasThumbnail, a.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        if (location is not null)
        {
            cache.Set(Key(id), location, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = s_lifetime, Size = 1 });
        }

        return location;
    }

    public void Forget(Guid id) => cache.Remove(Key(id));

    private static string Key(Guid id) => $"asset:{id:N}";
}
