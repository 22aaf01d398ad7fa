using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.EntityFrameworkCore;

public static class DatabaseMigrations
{
    // EF Core's own migration lock (LOCK TABLE on the history table) ends with each migration's transaction, so an instance
    // starting alongside can slip in between two migrations and apply the second one again. A session-level advisory lock
    // held across the whole run closes that gap.
    private const long MigrationLockKey = 0x5275_6e77_6172_6501;

    /// <summary>Applies the service's migrations; instances starting together take turns, so each migration runs once.</summary>
    public static async Task MigrateOneAtATimeAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            await database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            await database.CloseConnectionAsync();
        }
    }
}

/// <summary>Applies a service's migrations before it takes traffic (registered first among its hosted services).</summary>
public sealed class DatabaseMigrator<TDbContext>(IServiceScopeFactory scopes) : Microsoft.Extensions.Hosting.IHostedService
    where TDbContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TDbContext>().Database.MigrateOneAtATimeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
