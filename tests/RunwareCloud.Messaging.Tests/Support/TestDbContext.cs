using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Messaging.Tests.Support;

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Widget> Widgets => Set<Widget>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<Widget>(widget =>
        {
            widget.ToTable("widgets");
            widget.HasKey(w => w.Id);
        });
    }
}

public sealed class Widget
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }
}

/// <summary>Published by the tests' writers; consumed by the tests' consumers.</summary>
public sealed record WidgetCreated
{
    public required Guid WidgetId { get; init; }

    public required Guid CorrelationId { get; init; }

    public required string Name { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public static WidgetCreated For(Guid widgetId, string name) =>
        new() { WidgetId = widgetId, CorrelationId = Guid.NewGuid(), Name = name, CreatedAt = DateTimeOffset.UtcNow };
}
