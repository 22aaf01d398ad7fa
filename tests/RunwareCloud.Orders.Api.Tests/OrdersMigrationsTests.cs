using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RunwareCloud.Orders.Api.Infrastructure;
using RunwareCloud.Orders.Api.Model;

namespace RunwareCloud.Orders.Api.Tests;

/// <summary>
/// The schema comes from Infrastructure/Migrations, applied when the service starts. A model change without a migration fails the first
/// test: run <c>scripts/add-migration.sh RunwareCloud.Orders.Api &lt;Name&gt;</c>.
/// </summary>
public sealed class OrdersMigrationsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void OrdersDbContext_has_no_pending_model_changes_when_every_change_has_a_migration()
    {
        using var db = CreateContext("Host=127.0.0.1;Database=unused");
        Assert.False(db.Database.HasPendingModelChanges(),
            "OrdersDbContext changed without a migration: run scripts/add-migration.sh RunwareCloud.Orders.Api <Name>.");
    }

    [Fact]
    public async Task Start_migrates_a_fresh_database_once_when_several_instances_start_together_and_one_restarts()
    {
        var connectionString = await MigratedSchema.AssertStartMigratesOnceAsync("orders_migrations", StartAsync, CreateContext);

        await using var db = CreateContext(connectionString);
        await MigratedSchema.AssertOutboxAndInboxAcceptRowsAsync(db).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Audit_log_rejects_updates_and_deletes_when_the_database_is_migrated()
    {
        var connectionString = await TestInfrastructure.CreateDatabaseAsync("orders_migrations").WaitAsync(Timeout);
        await StartAsync(connectionString).WaitAsync(Timeout);

        await using var db = CreateContext(connectionString);
        db.Audit.Add(new AuditEntry { At = DateTimeOffset.UtcNow, Actor = "migrations-test", Action = "order.created" });
        await db.SaveChangesAsync().WaitAsync(Timeout);

        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Audit.ExecuteUpdateAsync(setters => setters.SetProperty(a => a.Action, "order.rewritten")).WaitAsync(Timeout));
        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.Audit.ExecuteDeleteAsync().WaitAsync(Timeout));
        Assert.Contains("append-only", delete.MessageText, StringComparison.Ordinal);
        Assert.Equal("order.created", (await db.Audit.AsNoTracking().SingleAsync().WaitAsync(Timeout)).Action);
    }

    /// <summary>What one instance of the service runs at start.</summary>
    private static async Task StartAsync(string connectionString)
    {
        await using var services = new ServiceCollection()
            .AddDbContext<OrdersDbContext>(options => options.UseNpgsql(connectionString))
            .BuildServiceProvider();
        await new DatabaseMigrator<OrdersDbContext>(services.GetRequiredService<IServiceScopeFactory>()).StartAsync(CancellationToken.None);
    }

    private static OrdersDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<OrdersDbContext>().UseNpgsql(connectionString).Options);
}
