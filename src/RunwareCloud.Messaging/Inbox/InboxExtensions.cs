using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Messaging;

public static class InboxExtensions
{
    /// <summary>
    /// Runs <paramref name="apply"/> once per (message id, <paramref name="consumer"/>): inside a transaction on
    /// <paramref name="db"/> it inserts the inbox row, applies, saves changes and commits. Returns false (and applies
    /// nothing) when the message was already processed. For consumers that cannot derive from IdempotentConsumer.
    /// </summary>
    public static async Task<bool> ConsumeOnceAsync(this DbContext db, ConsumeContext context, string consumer, Func<Task> apply)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException(
            $"{consumer} received a message without a MessageId; an idempotent consumer cannot deduplicate it.");
        var cancellationToken = context.CancellationToken;
        // The table name comes from the model, never from input.
        var insert = $"INSERT INTO {db.QuotedTableName<InboxMessage>()} (message_id, consumer, processed_at) VALUES ({{0}}, {{1}}, {{2}}) ON CONFLICT DO NOTHING";

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A concurrent delivery of the same id blocks here until the first transaction ends, then sees the conflict.
        var inserted = await db.Database.ExecuteSqlRawAsync(insert, [messageId, consumer, DateTimeOffset.UtcNow], cancellationToken);
        if (inserted == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        try
        {
            await apply();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch
        {
            // The transaction rolls back on dispose; a retry in the same scope must not re-save this attempt's entities.
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
