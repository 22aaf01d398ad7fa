using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Orders.Api.Infrastructure;

/// <summary>
/// Applies the schema migrations (Infrastructure/Migrations) before the service takes traffic; the Initial migration also
/// makes the audit log append-only in the database itself.
/// </summary>
/// <remarks>EF Core locks the migrations history table while it migrates, so instances starting together apply each migration once.</remarks>
public sealed class OrdersDatabase(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
