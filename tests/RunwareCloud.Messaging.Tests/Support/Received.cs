using System.Collections.Concurrent;
using MassTransit;

namespace RunwareCloud.Messaging.Tests.Support;

/// <summary>Everything the tests' consumers saw, in arrival order.</summary>
public sealed class Received
{
    public ConcurrentQueue<Delivery> Messages { get; } = new();

    public ConcurrentDictionary<Guid, int> Attempts { get; } = new();

    public int PostConsumed;

    public IReadOnlyList<WidgetCreated> Widgets => [.. Messages.Select(m => m.Message)];
}

public sealed record Delivery(Guid? MessageId, WidgetCreated Message, string? TraceId);

/// <summary>Records every delivery, then succeeds.</summary>
public sealed class RecordingConsumer(Received received) : IConsumer<WidgetCreated>
{
    public Task Consume(ConsumeContext<WidgetCreated> context)
    {
        received.Messages.Enqueue(new Delivery(context.MessageId, context.Message, System.Diagnostics.Activity.Current?.TraceId.ToHexString()));
        return Task.CompletedTask;
    }
}

/// <summary>Counts deliveries that reached the end of the consume pipeline, applied or skipped.</summary>
public sealed class PostConsumeCounter(Received received) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        Interlocked.Increment(ref received.PostConsumed);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}

/// <summary>Stores the widget once per message id; names drive failures: "transient-N" fails N times, "permanent" always.</summary>
public sealed class WidgetCreatedConsumer(Received received) : IdempotentConsumer<WidgetCreated, TestDbContext>
{
    protected override bool Concerns(WidgetCreated message) => !message.Name.StartsWith("foreign-", StringComparison.Ordinal);

    protected override Task ConsumeOnceAsync(ConsumeContext<WidgetCreated> context, TestDbContext db)
    {
        var message = context.Message;
        var attempt = received.Attempts.AddOrUpdate(message.WidgetId, 1, (_, count) => count + 1);
        db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = message.Name });

        if (message.Name == "permanent")
        {
            throw new ArgumentException("widget name 'permanent' is not allowed", nameof(message.Name));
        }

        if (message.Name.StartsWith("transient-", StringComparison.Ordinal) && attempt <= int.Parse(message.Name["transient-".Length..]))
        {
            throw new TimeoutException($"store busy on attempt {attempt}");
        }

        received.Messages.Enqueue(new Delivery(context.MessageId, message, null));
        return Task.CompletedTask;
    }
}

/// <summary>Sent by the tests; consumed by <see cref="ShipWidgetConsumer"/>.</summary>
public sealed record ShipWidget
{
    public required Guid WidgetId { get; init; }

    public required Guid CorrelationId { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>Stores the widget and stages WidgetCreated on the same DbContext: both commit with the inbox row.</summary>
public sealed class ShipWidgetConsumer(IOutbox<TestDbContext> outbox) : IdempotentConsumer<ShipWidget, TestDbContext>
{
    protected override Task ConsumeOnceAsync(ConsumeContext<ShipWidget> context, TestDbContext db)
    {
        db.Widgets.Add(new Widget { Id = context.Message.WidgetId, Name = "shipped" });
        outbox.Publish(WidgetCreated.For(context.Message.WidgetId, "shipped"));
        return Task.CompletedTask;
    }
}
