using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RunwareCloud.Generation.Api.Infrastructure;

namespace RunwareCloud.Generation.Api.Tests;

/// <summary>
/// The schema comes from Infrastructure/Migrations, applied when the service starts. A model change without a migration fails the first
/// test: run <c>scripts/add-migration.sh RunwareCloud.Generation.Api &lt;Name&gt;</c>.
/// </summary>
public sealed class GenerationMigrationsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void GenerationDbContext_has_no_pending_model_changes_when_every_change_has_a_migration()
    {
        using var db = CreateContext("Host=127.0.0.1;Database=unused");
        Assert.False(db.Database.HasPendingModelChanges(),
            "GenerationDbContext changed without a migration: run scripts/add-migration.sh RunwareCloud.Generation.Api <Name>.");
    }

    [Fact]
    public async Task Start_migrates_a_fresh_database_once_when_several_instances_start_together_and_one_restarts()
    {
        var connectionString = await MigratedSchema.AssertStartMigratesOnceAsync("generation_migrations", StartAsync, CreateContext);

        await using var db = CreateContext(connectionString);
        await MigratedSchema.AssertOutboxAndInboxAcceptRowsAsync(db).WaitAsync(Timeout);
    }

    /// <summary>What one instance of the service runs at start.</summary>
    private static async Task StartAsync(string connectionString)
    {
        await using var services = new ServiceCollection()
            .AddDbContext<GenerationDbContext>(options => options.UseNpgsql(connectionString))
            .BuildServiceProvider();
        await new DatabaseMigrator<GenerationDbContext>(services.GetRequiredService<IServiceScopeFactory>()).StartAsync(CancellationToken.None);
    }

    private static GenerationDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<GenerationDbContext>().UseNpgsql(connectionString).Options);
}
