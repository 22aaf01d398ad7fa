using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.History.Api.Infrastructure;

public static class HistoryDatabase
{
    // EF Core's own migration lock (LOCK TABLE on the history table) ends with each migration's transaction, so an instance
    // starting alongside can slip in between two migrations and apply the second one again. A session-level advisory lock
    // held across the whole run closes that gap.
    private const long MigrationLockKey = 0x5275_6e77_6172_6501;

    /// <summary>Applies the schema migrations (Infrastructure/Migrations).</summary>
    /// <remarks>Instances starting together apply each migration once: they migrate one at a time under an advisory lock.</remarks>
    public static async Task InitializeHistoryDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HistoryDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }
}
