using Microsoft.EntityFrameworkCore;
using RunwareCloud.Messaging;

namespace RunwareCloud.History.Api.Infrastructure;

/// <summary>Assets (history entries), the blobs they share, user settings, and the outbox and inbox of its messages.</summary>
/// <remarks>Migrations in Infrastructure/Migrations, applied at start (see <see cref="HistoryDatabase"/>); add one with <c>scripts/add-migration.sh</c>.</remarks>
public sealed class HistoryDbContext(DbContextOptions<HistoryDbContext> options) : DbContext(options)
{
    public DbSet<Asset> Assets => Set<Asset>();
    public DbSet<StoredBlob> Blobs => Set<StoredBlob>();
    public DbSet<UserSettings> Settings => Set<UserSettings>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("btree_gin");
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HistoryDbContext).Assembly);
    }
}
