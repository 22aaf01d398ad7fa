using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.History.Api.Infrastructure;

public static class HistoryDatabase
{
    /// <summary>Applies the schema migrations (Infrastructure/Migrations).</summary>
    /// <remarks>Instances starting together apply each migration once: they migrate one at a time under an advisory lock.</remarks>
    public static async Task InitializeHistoryDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HistoryDbContext>();
        await db.Database.MigrateOneAtATimeAsync(cancellationToken);
    }
}
