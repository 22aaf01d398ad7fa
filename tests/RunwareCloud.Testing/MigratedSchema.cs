using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using RunwareCloud.Messaging;
using Xunit;

namespace RunwareCloud.Testing;

/// <summary>Checks a database migrated by a service's own migrations (applied at its start) against its EF Core model.</summary>
public static class MigratedSchema
{
    private const int Instances = 4;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Starts several instances on a fresh database at once, then restarts one: every migration is applied once and the
    /// schema has every mapped table and column. Returns the database's connection string.
    /// </summary>
    public static async Task<string> AssertStartMigratesOnceAsync<TContext>(
        string databasePrefix, Func<string, Task> start, Func<string, TContext> createContext) where TContext : DbContext
    {
        var connectionString = await TestInfrastructure.CreateDatabaseAsync(databasePrefix).WaitAsync(s_timeout);

        await Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => start(connectionString))).WaitAsync(s_timeout);
        await start(connectionString).WaitAsync(s_timeout);

        await using var db = createContext(connectionString);
        var applied = (await db.Database.GetAppliedMigrationsAsync().WaitAsync(s_timeout)).ToList();
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Contains(applied, id => id.EndsWith("_Initial", StringComparison.Ordinal));
        await AssertHasEveryMappedColumnAsync(db).WaitAsync(s_timeout);
        return connectionString;
    }

    /// <summary>Selects every mapped column of every mapped table: a table or column the migrations lack fails with 42P01/42703.</summary>
    public static async Task AssertHasEveryMappedColumnAsync(DbContext db)
    {
        var tables = 0;
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (StoreObjectIdentifier.Create(entity, StoreObjectType.Table) is not { } table)
            {
                continue;
            }

            var columns = entity.GetProperties().Select(p => p.GetColumnName(table)).OfType<string>().Select(c => $"\"{c}\"");
            var qualified = table.Schema is null ? $"\"{table.Name}\"" : $"\"{table.Schema}\".\"{table.Name}\"";
            var sql = $"SELECT {string.Join(", ", columns)} FROM {qualified} LIMIT 0";
            await db.Database.ExecuteSqlRawAsync(sql);
            tables++;
        }

        Assert.True(tables > 0, "The model maps no tables.");
    }

    /// <summary>The outbox and inbox tables (modelBuilder.AddOutboxAndInbox) are part of the service's migrations.</summary>
    public static async Task AssertOutboxAndInboxAcceptRowsAsync(DbContext db)
    {
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = id, MessageType = "Migrations.Test", Body = """{"n":1}""", Headers = "{}", CreatedAt = now, NotBefore = now,
        });
        db.Set<InboxMessage>().Add(new InboxMessage { MessageId = id, Consumer = "migrations-test", ProcessedAt = now });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var stored = await db.Set<OutboxMessage>().SingleAsync(m => m.Id == id);
        Assert.Null(stored.PublishedAt);
        Assert.Equal(1, await db.Set<InboxMessage>().CountAsync(m => m.MessageId == id));
    }
}
