using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Generation.Api.Infrastructure;

/// <summary>Applies the schema migrations (Infrastructure/Migrations) before the service takes traffic.</summary>
/// <remarks>Instances starting together apply each migration once: they migrate one at a time under an advisory lock.</remarks>
public sealed class GenerationDatabase(IServiceScopeFactory scopes) : IHostedService
{
    // EF Core's own migration lock (LOCK TABLE on the history table) ends with each migration's transaction, so an instance
    // starting alongside can slip in between two migrations and apply the second one again. A session-level advisory lock
    // held across the whole run closes that gap.
    private const long MigrationLockKey = 0x5275_6e77_6172_6501;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenerationDbContext>();
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
