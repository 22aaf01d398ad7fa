using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RunwareCloud.Notifications.Api.Consumers;
using RunwareCloud.Notifications.Api.Notifications;

namespace RunwareCloud.Notifications.Api.Tests;

public sealed class UserLanesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static UserLanes CreateLanes(TimeSpan? gapTimeout = null) =>
        new(Options.Create(new NotificationsOptions { DeliveryGapTimeout = gapTimeout ?? TimeSpan.FromSeconds(30) }), TimeProvider.System);

    [Fact]
    public async Task Lanes_run_one_users_events_in_delivery_order_while_other_users_run_concurrently_when_deliveries_arrive_shuffled()
    {
        var lanes = CreateLanes();
        var users = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        const int perUser = 25;
        var deliveries = Enumerable.Range(0, users.Length * perUser)
            .Select(index => (Tag: (ulong)index + 1, User: users[index % users.Length]))
            .ToArray();
        var handled = users.ToDictionary(user => user, _ => new ConcurrentQueue<ulong>());
        var running = users.ToDictionary(user => user, _ => new int[1]);
        var overlaps = 0;
        // Every user's first event waits until all users' first events have started: only concurrent lanes get past it.
        var firstStarted = new CountdownEvent(users.Length);
        var allFirstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task WorkAsync(ulong tag, Guid user)
        {
            if (Interlocked.Increment(ref running[user][0]) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            if (tag <= (ulong)users.Length)
            {
                if (firstStarted.Signal())
                {
                    allFirstStarted.SetResult();
                }

                await allFirstStarted.Task.WaitAsync(Timeout);
            }

            await Task.Yield();
            handled[user].Enqueue(tag);
            Interlocked.Decrement(ref running[user][0]);
        }

        // Later deliveries reach the lanes first: reverse each block of ten.
        var arrival = deliveries.Chunk(10).SelectMany(block => block.Reverse()).ToArray();
        var runs = arrival.Select(delivery => Task.Run(() => lanes.RunAsync(
            new DeliveryPosition("channel-1", delivery.Tag), delivery.User, _ => WorkAsync(delivery.Tag, delivery.User), CancellationToken.None)));
        await Task.WhenAll(runs).WaitAsync(Timeout);

        foreach (var user in users)
        {
            var expected = deliveries.Where(delivery => delivery.User == user).Select(delivery => delivery.Tag);
            Assert.Equal(expected, handled[user]);
        }

        Assert.Equal(0, overlaps);
        Assert.True(lanes.MaxConcurrency >= users.Length, $"users ran concurrently (at most {lanes.MaxConcurrency} at once)");
    }

    [Fact]
    public async Task Lanes_stop_waiting_for_an_earlier_delivery_when_it_never_arrives()
    {
        var lanes = CreateLanes(TimeSpan.FromMilliseconds(200));
        var user = Guid.NewGuid();
        var handled = new ConcurrentQueue<ulong>();

        Task Run(ulong tag) => lanes.RunAsync(new DeliveryPosition("channel-1", tag), user, _ =>
        {
            handled.Enqueue(tag);
            return Task.CompletedTask;
        }, CancellationToken.None);

        await Run(1).WaitAsync(Timeout);
        var third = Run(3);
        var fourth = Run(4);
        await Task.WhenAll(third, fourth).WaitAsync(Timeout);
        await Run(2).WaitAsync(Timeout);

        Assert.Equal([1UL, 3UL, 4UL, 2UL], handled);
    }

    [Fact]
    public async Task Lanes_start_counting_again_when_deliveries_come_on_a_new_channel()
    {
        var lanes = CreateLanes();
        var user = Guid.NewGuid();
        var handled = new ConcurrentQueue<string>();

        Task Run(string channel, ulong tag) => lanes.RunAsync(new DeliveryPosition(channel, tag), user, _ =>
        {
            handled.Enqueue($"{channel}:{tag}");
            return Task.CompletedTask;
        }, CancellationToken.None);

        await Run("old", 1).WaitAsync(Timeout);
        await Run("old", 2).WaitAsync(Timeout);
        await Run("new", 1).WaitAsync(Timeout);
        await Run("new", 2).WaitAsync(Timeout);
        await Run("old", 3).WaitAsync(Timeout);

        Assert.Equal(["old:1", "old:2", "new:1", "new:2", "old:3"], handled);
    }
}
