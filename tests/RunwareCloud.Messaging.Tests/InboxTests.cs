using System.Text;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Messaging.Tests.Support;

namespace RunwareCloud.Messaging.Tests;

public sealed class InboxTests
{
    private const string Queue = "widget-created";
    private static readonly TimeSpan s_timeout = MessagingTestHost.Timeout;

    [Fact]
    public async Task IdempotentConsumer_applies_a_message_delivered_twice_once()
    {
        await using var host = await StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        var message = WidgetCreated.For(Guid.NewGuid(), "twice");

        await bus.Publish(message, context => context.MessageId = messageId).WaitAsync(s_timeout);
        await bus.Publish(message, context => context.MessageId = messageId).WaitAsync(s_timeout);

        await Eventually.WaitUntilAsync(() => Volatile.Read(ref host.Received.PostConsumed) >= 2, s_timeout, "both deliveries consumed");
        Assert.Single(host.Received.Messages);
        Assert.Equal(1, await host.WithDbAsync((db, _) => db.Widgets.CountAsync(w => w.Name == "twice")));
        var inbox = Assert.Single(await host.WithDbAsync((db, _) => db.Set<InboxMessage>().ToListAsync()));
        Assert.Equal(messageId, inbox.MessageId);
        Assert.Equal(typeof(WidgetCreatedConsumer).FullName, inbox.Consumer);
    }

    [Fact]
    public async Task IdempotentConsumer_acknowledges_a_message_it_has_no_business_with_without_a_transaction()
    {
        await using var host = await StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();

        await bus.Publish(WidgetCreated.For(Guid.NewGuid(), "foreign-1")).WaitAsync(s_timeout);
        await bus.Publish(WidgetCreated.For(Guid.NewGuid(), "after-foreign")).WaitAsync(s_timeout);

        await Eventually.WaitUntilAsync(() => Volatile.Read(ref host.Received.PostConsumed) >= 2, s_timeout, "both messages consumed");
        var delivered = Assert.Single(host.Received.Messages);
        Assert.Equal("after-foreign", delivered.Message.Name);
        Assert.Equal(0, await host.WithDbAsync((db, _) => db.Widgets.CountAsync(w => w.Name == "foreign-1")));
        Assert.Single(await host.WithDbAsync((db, _) => db.Set<InboxMessage>().ToListAsync()));
        Assert.Equal(0u, await Broker.CountAsync(host.AmqpUri, Queue + "_error"));
    }

    [Fact]
    public async Task IdempotentConsumer_retries_a_transient_failure_then_commits_once()
    {
        await using var host = await StartAsync();
        var message = WidgetCreated.For(Guid.NewGuid(), "transient-2");

        await host.Services.GetRequiredService<IBus>().Publish(message).WaitAsync(s_timeout);

        await Eventually.WaitUntilAsync(() => Volatile.Read(ref host.Received.PostConsumed) >= 1, s_timeout, "the message consumed");
        Assert.Equal(3, host.Received.Attempts[message.WidgetId]);
        Assert.Equal(1, await host.WithDbAsync((db, _) => db.Widgets.CountAsync(w => w.Name == "transient-2")));
        Assert.Equal(0u, await Broker.CountAsync(host.AmqpUri, Queue + "_error"));
    }

    [Fact]
    public async Task IdempotentConsumer_moves_a_permanent_failure_to_the_error_queue_with_its_reason()
    {
        await using var host = await StartAsync();
        var message = WidgetCreated.For(Guid.NewGuid(), "permanent");

        await host.Services.GetRequiredService<IBus>().Publish(message).WaitAsync(s_timeout);

        var headers = await Eventually.WaitForAsync(() => Broker.GetAsync(host.AmqpUri, Queue + "_error"), s_timeout, "the faulted message");
        Assert.Equal(typeof(ArgumentException).FullName, headers["MT-Fault-ExceptionType"]);
        Assert.Contains("widget name 'permanent' is not allowed", headers["MT-Fault-Message"]);
        Assert.Equal(1, host.Received.Attempts[message.WidgetId]);
        Assert.Equal(0, await host.WithDbAsync((db, _) => db.Widgets.CountAsync()));
        Assert.Equal(0, await host.WithDbAsync((db, _) => db.Set<InboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task Consumer_sends_a_malformed_message_to_the_error_queue_and_keeps_consuming()
    {
        await using var host = await StartAsync();

        await Broker.PublishRawAsync(host.AmqpUri, Queue, Encoding.UTF8.GetBytes("{\"message\": {not json"));
        await host.Services.GetRequiredService<IBus>().Publish(WidgetCreated.For(Guid.NewGuid(), "after-garbage")).WaitAsync(s_timeout);

        await Eventually.WaitUntilAsync(() => host.Received.Widgets.Any(w => w.Name == "after-garbage"), s_timeout, "the good message");
        await Eventually.WaitUntilAsync(async () => await Broker.CountAsync(host.AmqpUri, Queue + "_error") == 1, s_timeout, "the malformed message in the error queue");
    }

    [Fact]
    public async Task IdempotentConsumer_commits_its_outbox_messages_with_its_writes()
    {
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("inbox"), await TestInfrastructure.CreateDatabaseAsync("inbox"),
            bus =>
            {
                bus.AddConsumer<ShipWidgetConsumer>();
                bus.AddConsumer<RecordingConsumer>();
            });
        var widgetId = Guid.NewGuid();

        await host.Services.GetRequiredService<IBus>()
            .Publish(new ShipWidget { WidgetId = widgetId, CorrelationId = Guid.NewGuid(), RequestedAt = DateTimeOffset.UtcNow })
            .WaitAsync(s_timeout);

        await Eventually.WaitUntilAsync(() => host.Received.Widgets.Any(w => w.WidgetId == widgetId), s_timeout, "the staged WidgetCreated");
        Assert.Equal(1, await host.WithDbAsync((db, _) => db.Widgets.CountAsync(w => w.Id == widgetId)));
        Assert.Single(await host.OutboxRowsAsync());
        Assert.Equal(typeof(ShipWidgetConsumer).FullName, (await host.WithDbAsync((db, _) => db.Set<InboxMessage>().SingleAsync())).Consumer);
    }

    private static async Task<MessagingTestHost> StartAsync() => await MessagingTestHost.CreateAsync(
        await TestInfrastructure.CreateVirtualHostAsync("inbox"), await TestInfrastructure.CreateDatabaseAsync("inbox"),
        bus => bus.AddConsumer<WidgetCreatedConsumer>());
}
