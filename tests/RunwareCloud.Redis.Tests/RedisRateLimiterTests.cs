using System.Threading.RateLimiting;
using RunwareCloud.Redis;

namespace RunwareCloud.Redis.Tests;

public sealed class RedisRateLimiterTests : RedisTestContext
{
    [Fact]
    public async Task Limit_holds_across_two_client_instances()
    {
        await using var otherProcess = new RedisClient(RedisTestContext.ConnectionString);
        var options = new RedisFixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), KeyPrefix = Options.Value.KeyPrefix };
        using var first = new RedisFixedWindowRateLimiter(Client, "user-1", options);
        using var second = new RedisFixedWindowRateLimiter(otherProcess, "user-1", options);

        var leases = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => (i % 2 == 0 ? first : second).AcquireAsync(1).AsTask())).WaitAsync(Timeout);

        Assert.Equal(10, leases.Count(l => l.IsAcquired));
        Assert.All(leases.Where(l => !l.IsAcquired), lease =>
        {
            Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
            Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        });
        var statistics = first.GetStatistics()!;
        Assert.Equal(20, statistics.TotalSuccessfulLeases + statistics.TotalFailedLeases);
    }

    [Fact]
    public async Task Permits_return_when_the_window_ends()
    {
        var options = new RedisFixedWindowRateLimiterOptions { PermitLimit = 2, Window = TimeSpan.FromSeconds(2), KeyPrefix = Options.Value.KeyPrefix };
        using var limiter = new RedisFixedWindowRateLimiter(Client, "user-2", options);

        Assert.True((await limiter.AcquireAsync(2).AsTask().WaitAsync(Timeout)).IsAcquired);
        Assert.False((await limiter.AcquireAsync(1).AsTask().WaitAsync(Timeout)).IsAcquired);
        await Eventually.WaitUntilAsync(async () => (await limiter.AcquireAsync(1)).IsAcquired, Timeout, "the next window");
    }

    [Fact]
    public async Task Partitioned_limiter_counts_each_partition_separately()
    {
        using var limiter = PartitionedRateLimiter.Create<string, string>(user => RedisRateLimitPartition.GetFixedWindowLimiter(
            Client, user, _ => new RedisFixedWindowRateLimiterOptions { PermitLimit = 2, Window = TimeSpan.FromMinutes(1), KeyPrefix = Options.Value.KeyPrefix }));

        var alice = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            alice.Add((await limiter.AcquireAsync("alice").AsTask().WaitAsync(Timeout)).IsAcquired);
        }

        var bob = (await limiter.AcquireAsync("bob").AsTask().WaitAsync(Timeout)).IsAcquired;

        Assert.Equal([true, true, false], alice);
        Assert.True(bob);
    }

    [Fact]
    public async Task Batched_limiters_in_two_processes_never_grant_more_than_the_shared_limit()
    {
        await using var otherProcess = new RedisClient(RedisTestContext.ConnectionString);
        var options = new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = 25, Window = TimeSpan.FromMinutes(1), KeyPrefix = Options.Value.KeyPrefix, MaxLocalBatch = 8,
        };
        using var first = new RedisFixedWindowRateLimiter(Client, "user-3", options);
        using var second = new RedisFixedWindowRateLimiter(otherProcess, "user-3", options);

        var acquired = 0;
        for (var i = 0; i < 60; i++)
        {
            acquired += (await (i % 2 == 0 ? first : second).AcquireAsync(1).AsTask().WaitAsync(Timeout)).IsAcquired ? 1 : 0;
        }

        Assert.Equal(25, acquired);
        Assert.Equal(25, long.Parse((await Client.GetStringAsync(RedisKeys.Prefixed(Options.Value.KeyPrefix, "ratelimit", "user-3")).WaitAsync(Timeout))!));
    }

    [Fact]
    public async Task A_busy_caller_is_served_from_permits_already_taken_without_asking_redis()
    {
        var options = new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = 1000, Window = TimeSpan.FromMinutes(1), KeyPrefix = Options.Value.KeyPrefix, MaxLocalBatch = 16,
        };
        using var limiter = new RedisFixedWindowRateLimiter(Client, "user-4", options);

        for (var i = 0; i < 8; i++)
        {
            Assert.True((await limiter.AcquireAsync(1).AsTask().WaitAsync(Timeout)).IsAcquired);
        }

        var counted = long.Parse((await Client.GetStringAsync(RedisKeys.Prefixed(Options.Value.KeyPrefix, "ratelimit", "user-4")).WaitAsync(Timeout))!);
        var servedLocally = 0;
        while (limiter.AttemptAcquire(1).IsAcquired)
        {
            servedLocally++;
        }

        Assert.True(counted > 8, $"Redis counted {counted} permits for 8 requests: no batch was taken");
        Assert.Equal(counted - 8, servedLocally);
        Assert.Equal(counted, long.Parse((await Client.GetStringAsync(RedisKeys.Prefixed(Options.Value.KeyPrefix, "ratelimit", "user-4")).WaitAsync(Timeout))!));
    }
}
