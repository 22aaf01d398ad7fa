using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Messaging;

namespace RunwareCloud.Bench.Outbox;

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>Published by the benchmark's writers; consumed by its counting consumer.</summary>
public sealed record OrderPlaced
{
    public required Guid OrderId { get; init; }

    public required Guid CorrelationId { get; init; }

    public required int Number { get; init; }

    public required DateTimeOffset PlacedAt { get; init; }
}

public sealed class Arrivals
{
    private int _count;

    public int Expected { get; set; }

    public TaskCompletionSource All { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Reset(int expected)
    {
        Expected = expected;
        _count = 0;
        All = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Arrived()
    {
        if (Interlocked.Increment(ref _count) == Expected)
        {
            All.TrySetResult();
        }
    }
}

public sealed class OrderPlacedConsumer(Arrivals arrivals) : IConsumer<OrderPlaced>
{
    public Task Consume(ConsumeContext<OrderPlaced> context)
    {
        arrivals.Arrived();
        return Task.CompletedTask;
    }
}
