using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using RunwareCloud.Messaging;

namespace RunwareCloud.History.Api.Tests;

/// <summary>Checks a database migrated by the service's own migrations against its EF Core model.</summary>
internal static class MigratedSchema
{
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
