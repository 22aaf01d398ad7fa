using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.History.Api.Infrastructure;

public static class HistoryDatabase
{
    // Any constant shared by every instance: the advisory lock keeps two instances from creating the schema at once.
    private const long SchemaLockKey = 0x4869_7374_6f72_7901;

    /// <summary>Creates the schema when the database is empty; safe to call from several instances at once.</summary>
    public static async Task InitializeHistoryDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HistoryDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({SchemaLockKey})", cancellationToken);
            await db.Database.EnsureCreatedAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({SchemaLockKey})", cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
