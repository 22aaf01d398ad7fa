using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Gateway.Data;

namespace RunwareCloud.Gateway.Tests;

/// <summary>
/// The schema comes from Data/Migrations, applied when the service starts. A model change without a migration fails the first
/// test: run <c>scripts/add-migration.sh RunwareCloud.Gateway &lt;Name&gt;</c>.
/// </summary>
public sealed class GatewayMigrationsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void GatewayDbContext_has_no_pending_model_changes_when_every_change_has_a_migration()
    {
        using var db = CreateContext("Host=127.0.0.1;Database=unused");
        Assert.False(db.Database.HasPendingModelChanges(),
            "GatewayDbContext changed without a migration: run scripts/add-migration.sh RunwareCloud.Gateway <Name>.");
    }

    [Fact]
    public async Task Start_migrates_a_fresh_database_once_when_several_instances_start_together_and_one_restarts()
    {
        var connectionString = await MigratedSchema.AssertStartMigratesOnceAsync("gateway_migrations", StartAsync, CreateContext);

        await using var db = CreateContext(connectionString);
        // The start also seeds the first administrator, once, into the migrated users table.
        Assert.Equal(1, await db.Users.CountAsync(u => u.Role == Roles.Admin).WaitAsync(Timeout));
    }

    /// <summary>What one instance of the service runs at start.</summary>
    private static async Task StartAsync(string connectionString)
    {
        await using var services = new ServiceCollection()
            .AddDbContext<GatewayDbContext>(options => options.UseNpgsql(connectionString))
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>()
            .Configure<BootstrapOptions>(options => options.AdminPassword = "migrations-admin-password")
            .AddSingleton<GatewayDatabaseInitializer>()
            .BuildServiceProvider();
        await services.GetRequiredService<GatewayDatabaseInitializer>().StartAsync(CancellationToken.None);
    }

    private static GatewayDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<GatewayDbContext>().UseNpgsql(connectionString).Options);
}
