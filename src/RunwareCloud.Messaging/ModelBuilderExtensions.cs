using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Messaging;

public static class ModelBuilderExtensions
{
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_messages";

    /// <summary>Maps the <c>outbox_messages</c> and <c>inbox_messages</c> tables into a service's own DbContext.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable);
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            outbox.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(500);
            outbox.Property(m => m.Body).HasColumnName("body").HasColumnType("jsonb");
            outbox.Property(m => m.Destination).HasColumnName("destination").HasMaxLength(500);
            outbox.Property(m => m.Headers).HasColumnName("headers").HasColumnType("jsonb");
            outbox.Property(m => m.CreatedAt).HasColumnName("created_at");
            outbox.Property(m => m.NotBefore).HasColumnName("not_before");
            outbox.Property(m => m.Attempts).HasColumnName("attempts");
            outbox.Property(m => m.LastError).HasColumnName("last_error");
            outbox.Property(m => m.PublishedAt).HasColumnName("published_at");
            // The relay's claim query scans only unpublished rows in due order.
            outbox.HasIndex(m => m.NotBefore).HasDatabaseName("ix_outbox_messages_unpublished").HasFilter("published_at IS NULL");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(InboxTable);
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.MessageId).HasColumnName("message_id");
            inbox.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(500);
            inbox.Property(m => m.ProcessedAt).HasColumnName("processed_at");
        });

        return modelBuilder;
    }

    internal static string QuotedTableName<TEntity>(this DbContext db)
    {
        var entityType = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException(
            $"{db.GetType().Name} does not map {typeof(TEntity).Name}: call modelBuilder.AddOutboxAndInbox() in its OnModelCreating.");
        return entityType.QuotedTableName();
    }
}
