using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Assets;

/// <summary>
/// Keeps asset rows, blob reference counts and stored bytes in step. The blob row is referenced (and row-locked) before the
/// bytes are put at their address, and the asset row is written after, so a committed asset always has its bytes; a blob's
/// bytes are deleted while its row is locked, so a concurrent store of the same bytes waits and then writes them again.
/// </summary>
public sealed class AssetCatalog(IAssetStore store, TimeProvider clock)
{
    /// <summary>Stores <paramref name="inspected"/> for <paramref name="asset"/> in the context's current transaction.</summary>
    public async Task AddAsync(HistoryDbContext db, Asset asset, InspectedAsset inspected, CancellationToken cancellationToken)
    {
        var staged = inspected.Staged;
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO blobs (checksum, size, content_type, ref_count, created_at)
            VALUES ({staged.Checksum}, {staged.Size}, {inspected.Type.ContentType}, 1, {now})
            ON CONFLICT (checksum) DO UPDATE SET ref_count = blobs.ref_count + 1
            """, cancellationToken);

        store.Commit(staged);
        if (inspected.Thumbnail is { Png: { } thumbnail })
        {
            await store.WriteThumbnailAsync(staged.Checksum, thumbnail, cancellationToken);
        }
        else if (inspected.Thumbnail is not null)
        {
            store.UseOriginalAsThumbnail(staged.Checksum);
        }

        asset.Checksum = staged.Checksum;
        asset.Size = staged.Size;
        asset.Format = inspected.Type.Format;
        asset.ContentType = inspected.Type.ContentType;
        asset.Width = inspected.Width ?? asset.Width;
        asset.Height = inspected.Height ?? asset.Height;
        asset.HasThumbnail = store.Exists(staged.Checksum, AssetVariant.Thumbnail);
        asset.CreatedAt = now;
        db.Assets.Add(asset);
    }

    /// <summary>Deletes <paramref name="asset"/> and frees its bytes when no other asset references them.</summary>
    public async Task RemoveAsync(HistoryDbContext db, Asset asset, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginAsync(db, cancellationToken);
        db.Assets.Remove(asset);
        await db.SaveChangesAsync(cancellationToken);

        var remaining = await ExecuteScalarAsync(db,
            "UPDATE blobs SET ref_count = ref_count - 1 WHERE checksum = @checksum RETURNING ref_count", asset.Checksum, cancellationToken);
        if (remaining is int count && count <= 0)
        {
            await ExecuteScalarAsync(db, "DELETE FROM blobs WHERE checksum = @checksum AND ref_count <= 0", asset.Checksum, cancellationToken);
            store.Delete(asset.Checksum);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static Task<IDbContextTransaction> BeginAsync(HistoryDbContext db, CancellationToken cancellationToken) =>
        db.Database.BeginTransactionAsync(cancellationToken);

    private static async Task<object?> ExecuteScalarAsync(HistoryDbContext db, string sql, string checksum, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var parameter = command.CreateParameter();
        parameter.ParameterName = "checksum";
        parameter.Value = checksum;
        command.Parameters.Add(parameter);
        return await command.ExecuteScalarAsync(cancellationToken) switch { DBNull => null, var value => value };
    }
}
