using RunwareCloud.Messaging.Tests.Support;

namespace RunwareCloud.Messaging.Tests;

public sealed class OutboxSignalTests
{
    [Fact]
    public async Task Each_notification_wakes_one_of_the_waiting_relay_loops()
    {
        const int notifications = 50;
        var signal = new OutboxSignal<TestDbContext>();
        using var stop = new CancellationTokenSource();
        var wakeUps = 0;

        async Task LoopAsync()
        {
            try
            {
                while (true)
                {
                    await signal.WaitAsync(TimeSpan.FromMinutes(1), stop.Token);
                    Interlocked.Increment(ref wakeUps);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }

        var loops = new[] { Task.Run(LoopAsync), Task.Run(LoopAsync) };
        for (var sent = 1; sent <= notifications; sent++)
        {
            signal.Notify();
            var expected = sent;
            await Eventually.WaitUntilAsync(() => Volatile.Read(ref wakeUps) >= expected, MessagingTestHost.Timeout, $"wake-up {expected}");
        }

        await stop.CancelAsync();
        await Task.WhenAll(loops).WaitAsync(MessagingTestHost.Timeout);
        Assert.Equal(notifications, Volatile.Read(ref wakeUps));
    }
}
