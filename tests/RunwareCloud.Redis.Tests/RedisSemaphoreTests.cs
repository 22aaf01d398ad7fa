using RunwareCloud.Redis;

namespace RunwareCloud.Redis.Tests;

public sealed class RedisSemaphoreTests : RedisTestContext
{
    [Fact]
    public async Task Holders_never_exceed_the_limit_across_two_clients_under_contention()
    {
        await using var otherProcess = new RedisClient(RedisTestContext.ConnectionString);
        var semaphores = new[] { new RedisSemaphore(Client, Options), new RedisSemaphore(otherProcess, Options) };
        var holders = 0;
        var maxHolders = 0;
        var completed = 0;

        var workers = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (var round = 0; round < 4; round++)
            {
                await using var lease = await semaphores[worker % 2].AcquireAsync("runware", 3, TimeSpan.FromSeconds(10));
                var now = Interlocked.Increment(ref holders);
                InterlockedMax(ref maxHolders, now);
                await Task.Yield();
                await Task.Delay(5);
                Interlocked.Decrement(ref holders);
                Interlocked.Increment(ref completed);
            }
        }));
        await Task.WhenAll(workers).WaitAsync(Timeout);

        Assert.Equal(64, completed);
        Assert.InRange(maxHolders, 1, 3);
        Assert.Equal(0, await semaphores[0].CountAsync("runware").WaitAsync(Timeout));
    }

    [Fact]
    public async Task TryAcquireAsync_returns_null_when_all_slots_are_held_and_a_slot_after_release()
    {
        var semaphore = new RedisSemaphore(Client, Options);
        var held = await semaphore.TryAcquireAsync("s", 1, TimeSpan.FromSeconds(10)).WaitAsync(Timeout);

        var refused = await semaphore.TryAcquireAsync("s", 1, TimeSpan.FromSeconds(10)).WaitAsync(Timeout);
        await held!.DisposeAsync();
        await using var next = await semaphore.TryAcquireAsync("s", 1, TimeSpan.FromSeconds(10)).WaitAsync(Timeout);

        Assert.Null(refused);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task A_held_lease_is_renewed_beyond_its_duration()
    {
        var semaphore = new RedisSemaphore(Client, Options);
        await using var held = await semaphore.AcquireAsync("renewed", 1, TimeSpan.FromSeconds(2)).WaitAsync(Timeout);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => semaphore.AcquireAsync("renewed", 1, TimeSpan.FromSeconds(1), wait.Token));

        Assert.False(held.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task A_lease_of_a_crashed_process_expires_and_its_slot_is_reclaimed()
    {
        var crashed = new RedisClient(RedisTestContext.ConnectionString);
        var survivor = new RedisSemaphore(Client, Options);
        var started = DateTime.UtcNow;
        var orphan = await new RedisSemaphore(crashed, Options).AcquireAsync("reclaim", 1, TimeSpan.FromMilliseconds(500)).WaitAsync(Timeout);
        await crashed.DisposeAsync();

        var refused = await survivor.TryAcquireAsync("reclaim", 1, TimeSpan.FromSeconds(5)).WaitAsync(Timeout);
        await using var reclaimed = await survivor.AcquireAsync("reclaim", 1, TimeSpan.FromSeconds(5)).WaitAsync(Timeout);

        Assert.Null(refused);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(400));
        await orphan.DisposeAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
