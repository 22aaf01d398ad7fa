using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.History.Api.Infrastructure;

public static class HistoryDatabase
{
    /// <summary>Applies the schema migrations (Infrastructure/Migrations).</summary>
    /// <remarks>EF Core locks the migrations history table while it migrates, so instances starting together apply each migration once.</remarks>
    public static async Task InitializeHistoryDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HistoryDbContext>().Database.MigrateAsync(cancellationToken);
    }
}
