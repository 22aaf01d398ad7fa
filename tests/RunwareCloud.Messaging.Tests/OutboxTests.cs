using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Messaging.Tests.Support;

namespace RunwareCloud.Messaging.Tests;

public sealed class OutboxTests
{
    private static readonly TimeSpan s_timeout = MessagingTestHost.Timeout;

    [Fact]
    public async Task SaveChanges_commits_the_write_and_its_message_together()
    {
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("outbox"), await TestInfrastructure.CreateDatabaseAsync("outbox"),
            bus => bus.AddConsumer<RecordingConsumer>());

        var widget = await host.CreateWidgetAsync("first");

        var (messageId, message, _) = await Eventually.WaitForAsync(
            () => Task.FromResult(host.Received.Messages.TryPeek(out var first) ? first : null),
            s_timeout, "the relayed WidgetCreated");
        Assert.Equal(widget.Id, message.WidgetId);
        var row = Assert.Single(await host.OutboxRowsAsync());
        Assert.Equal(row.Id, messageId);
        Assert.Equal(typeof(WidgetCreated).FullName, row.MessageType);
        await Eventually.WaitUntilAsync(async () => (await host.OutboxRowsAsync()).Single().PublishedAt is not null, s_timeout, "the row marked published");
        Assert.Equal(1, await host.WithDbAsync((db, _) => db.Widgets.CountAsync(w => w.Id == widget.Id)));
    }

    [Fact]
    public async Task PublishIfChanged_stages_the_message_in_the_statement_that_changed_a_row_and_nothing_when_it_changed_none()
    {
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("outbox"), await TestInfrastructure.CreateDatabaseAsync("outbox"),
            bus => bus.AddConsumer<RecordingConsumer>());
        var widget = await host.CreateWidgetAsync("before");
        const string rename = """UPDATE widgets SET "Name" = {0} WHERE "Id" = {1} AND "Name" = {2}""";

        var renamed = await host.WithDbAsync((_, outbox) =>
            outbox.PublishIfChangedAsync(rename, ["after", widget.Id, "before"], WidgetCreated.For(widget.Id, "renamed"), CancellationToken.None));
        var renamedAgain = await host.WithDbAsync((_, outbox) =>
            outbox.PublishIfChangedAsync(rename, ["after", widget.Id, "before"], WidgetCreated.For(widget.Id, "renamed again"), CancellationToken.None));
        await host.CreateWidgetAsync("last");

        Assert.True(renamed);
        Assert.False(renamedAgain);
        await Eventually.WaitUntilAsync(() => host.Received.Widgets.Count(w => w.Name is "renamed" or "last") == 2, s_timeout, "the later messages");
        Assert.Equal(3, (await host.OutboxRowsAsync()).Count);
        Assert.Equal(["before", "last", "renamed"], host.Received.Widgets.Select(w => w.Name).Order(StringComparer.Ordinal));
        Assert.Equal("after", await host.WithDbAsync((db, _) => db.Widgets.Where(w => w.Id == widget.Id).Select(w => w.Name).SingleAsync()));
    }

    [Fact]
    public async Task Committed_messages_are_published_by_the_process_that_committed_them_without_the_relay()
    {
        // The relay polls once at start and then not for an hour: only the committing process can publish in time.
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("outbox"), await TestInfrastructure.CreateDatabaseAsync("outbox"),
            bus => bus.AddConsumer<RecordingConsumer>(), settings: new Dictionary<string, string?> { ["Messaging:Outbox:PollInterval"] = "01:00:00" });
        var widget = await host.CreateWidgetAsync("saved");

        await host.WithDbAsync(async (db, outbox) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            outbox.Publish(WidgetCreated.For(Guid.NewGuid(), "in a transaction"));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return true;
        });
        await host.WithDbAsync((_, outbox) => outbox.PublishIfChangedAsync("""UPDATE widgets SET "Name" = {0} WHERE "Id" = {1}""",
            ["changed", widget.Id], WidgetCreated.For(widget.Id, "in one statement"), CancellationToken.None));

        string[] expected = ["in a transaction", "in one statement", "saved"];
        await Eventually.WaitUntilAsync(() => host.Received.Widgets.Count >= expected.Length, s_timeout, "the three messages");
        await Eventually.WaitUntilAsync(async () => (await host.OutboxRowsAsync()).All(row => row.PublishedAt is not null), s_timeout, "every row marked published");
        Assert.Equal(expected, host.Received.Widgets.Select(w => w.Name).Order(StringComparer.Ordinal));
        var rows = await host.OutboxRowsAsync();
        Assert.Equal(rows.Select(row => (Guid?)row.Id).Order(), host.Received.Messages.Select(m => m.MessageId).Order());
        // Each row was leased to its process: the relay would have left it alone until then.
        Assert.All(rows, row => Assert.True(row.NotBefore > row.CreatedAt));
    }

    [Fact]
    public async Task Transaction_dropped_without_a_commit_publishes_nothing_even_when_its_context_commits_later()
    {
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("outbox"), await TestInfrastructure.CreateDatabaseAsync("outbox"),
            bus => bus.AddConsumer<RecordingConsumer>());

        await host.WithDbAsync(async (db, outbox) =>
        {
            await using (var abandoned = await db.Database.BeginTransactionAsync())
            {
                outbox.Publish(WidgetCreated.For(Guid.NewGuid(), "abandoned"));
                await db.SaveChangesAsync();
            }

            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "later" });
            outbox.Publish(WidgetCreated.For(Guid.NewGuid(), "later"));
            return await db.SaveChangesAsync();
        });

        await Eventually.WaitUntilAsync(() => host.Received.Widgets.Any(w => w.Name == "later"), s_timeout, "the later message");
        Assert.DoesNotContain(host.Received.Widgets, w => w.Name == "abandoned");
        Assert.Contains("later", Assert.Single(await host.OutboxRowsAsync()).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishIfChanged_refuses_to_run_inside_an_open_transaction()
    {
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("outbox"), await TestInfrastructure.CreateDatabaseAsync("outbox"));

        await host.WithDbAsync(async (db, outbox) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            return await Assert.ThrowsAsync<InvalidOperationException>(() =>
                outbox.PublishIfChangedAsync("""DELETE FROM widgets WHERE "Id" = {0}""", [Guid.NewGuid()], WidgetCreated.For(Guid.NewGuid(), "x"), CancellationToken.None));
        });
        Assert.Empty(await host.OutboxRowsAsync());
    }

    [Fact]
    public async Task Rolled_back_transaction_publishes_nothing()
    {
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("outbox"), await TestInfrastructure.CreateDatabaseAsync("outbox"),
            bus => bus.AddConsumer<RecordingConsumer>());

        await host.WithDbAsync(async (db, outbox) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "rolled-back" });
            outbox.Publish(WidgetCreated.For(Guid.NewGuid(), "rolled-back"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return true;
        });
        await host.CreateWidgetAsync("committed");

        await Eventually.WaitUntilAsync(() => host.Received.Widgets.Any(w => w.Name == "committed"), s_timeout, "the committed message");
        Assert.DoesNotContain(host.Received.Widgets, w => w.Name == "rolled-back");
        Assert.Single(await host.OutboxRowsAsync());
        Assert.Equal(0, await host.WithDbAsync((db, _) => db.Widgets.CountAsync(w => w.Name == "rolled-back")));
    }

    [Fact]
    public async Task Rows_staged_while_no_relay_runs_are_published_when_a_new_host_starts()
    {
        var vhost = await TestInfrastructure.CreateVirtualHostAsync("outbox");
        var database = await TestInfrastructure.CreateDatabaseAsync("outbox");
        var staged = new List<Guid>();
        await using (var stopped = await MessagingTestHost.CreateAsync(vhost, database, start: false))
        {
            for (var i = 0; i < 5; i++)
            {
                staged.Add((await stopped.CreateWidgetAsync($"staged-{i}")).Id);
            }

            Assert.All(await stopped.OutboxRowsAsync(), row => Assert.Null(row.PublishedAt));
        }

        await using var restarted = await MessagingTestHost.CreateAsync(vhost, database, bus => bus.AddConsumer<RecordingConsumer>());

        await Eventually.WaitUntilAsync(() => restarted.Received.Messages.Count >= 5, s_timeout, "five relayed messages");
        Assert.Equal(staged.Order(), restarted.Received.Widgets.Select(w => w.WidgetId).Order());
        var rows = await restarted.OutboxRowsAsync();
        Assert.Equal(rows.Select(row => (Guid?)row.Id).Order(), restarted.Received.Messages.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task Messages_written_while_the_broker_is_unreachable_all_arrive_once_it_is_back()
    {
        const int count = 20;
        var (vhostName, vhost) = Broker.MissingVirtualHost();
        await using var host = await MessagingTestHost.CreateAsync(vhost, await TestInfrastructure.CreateDatabaseAsync("outbox"),
            bus => bus.AddConsumer<WidgetCreatedConsumer>(), waitForBus: false);
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var written = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            written.Add((await host.CreateWidgetAsync($"outage-{i}")).Id);
        }

        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync().WaitAsync(s_timeout)).Status);
        Assert.Empty(host.Received.Messages);
        Assert.All(await host.OutboxRowsAsync(), row => Assert.Null(row.PublishedAt));

        await Broker.CreateVirtualHostAsync(vhostName);

        // MassTransit reconnects on its own schedule (about every 5-10 s), hence the longer wait.
        await Eventually.WaitUntilAsync(() => host.Received.Messages.Count >= count, 2 * s_timeout, "every message written during the outage");
        await Eventually.WaitUntilAsync(async () => (await host.OutboxRowsAsync()).All(row => row.PublishedAt is not null), s_timeout, "every row published");
        Assert.Equal(written.Order(), host.Received.Widgets.Select(w => w.WidgetId).Order());
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref host.Received.PostConsumed) >= count, s_timeout, "every message consumed");
        Assert.Equal(count, await host.WithDbAsync((db, _) => db.Set<InboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task Publish_with_not_before_holds_the_message_until_it_is_due()
    {
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("outbox"), await TestInfrastructure.CreateDatabaseAsync("outbox"),
            bus => bus.AddConsumer<RecordingConsumer>());
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(2);

        await host.WithDbAsync(async (db, outbox) =>
        {
            outbox.Publish(WidgetCreated.For(Guid.NewGuid(), "delayed"), dueAt);
            return await db.SaveChangesAsync();
        });
        await host.CreateWidgetAsync("immediate");

        await Eventually.WaitUntilAsync(() => host.Received.Widgets.Any(w => w.Name == "immediate"), s_timeout, "the immediate message");
        Assert.DoesNotContain(host.Received.Widgets, w => w.Name == "delayed");
        await Eventually.WaitUntilAsync(() => host.Received.Widgets.Any(w => w.Name == "delayed"), s_timeout, "the delayed message");
        Assert.True(DateTimeOffset.UtcNow >= dueAt);
    }

    [Fact]
    public async Task Relayed_message_continues_the_trace_that_staged_it()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or "RunwareCloud.Messaging" or "RunwareCloud.Messaging.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("RunwareCloud.Messaging.Tests");
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("outbox"), await TestInfrastructure.CreateDatabaseAsync("outbox"),
            bus => bus.AddConsumer<RecordingConsumer>());

        ActivityTraceId requestTrace;
        using (var request = source.StartActivity("POST /widgets", ActivityKind.Server)!)
        {
            requestTrace = request.TraceId;
            await host.CreateWidgetAsync("traced");
        }

        var (_, _, consumerTrace) = await Eventually.WaitForAsync(
            () => Task.FromResult(host.Received.Messages.TryPeek(out var first) ? first : null),
            s_timeout, "the relayed message");
        Assert.Equal(requestTrace.ToHexString(), consumerTrace);
    }
}
