using Microsoft.Extensions.Caching.Distributed;
using RunwareCloud.Redis;

namespace RunwareCloud.Redis.Tests;

public sealed class RedisDistributedCacheTests : RedisTestContext
{
    [Fact]
    public async Task GetAsync_returns_what_SetAsync_stored_until_RemoveAsync()
    {
        var cache = new RedisDistributedCache(Client, Options);

        await cache.SetAsync("a", [1, 2, 3], new DistributedCacheEntryOptions()).WaitAsync(Timeout);
        var stored = await cache.GetAsync("a").WaitAsync(Timeout);
        await cache.RemoveAsync("a").WaitAsync(Timeout);

        Assert.Equal(new byte[] { 1, 2, 3 }, stored);
        Assert.Null(await cache.GetAsync("a").WaitAsync(Timeout));
        Assert.Null(await cache.GetAsync("never-set").WaitAsync(Timeout));
        Assert.Null(cache.Get("a"));
    }

    [Fact]
    public async Task Entry_disappears_after_its_absolute_expiration()
    {
        var cache = new RedisDistributedCache(Client, Options);

        await cache.SetAsync("short", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(1) })
            .WaitAsync(Timeout);

        Assert.NotNull(await cache.GetAsync("short").WaitAsync(Timeout));
        await Eventually.WaitUntilAsync(async () => await cache.GetAsync("short") is null, Timeout, "the entry to expire");
    }

    [Fact]
    public async Task GetAsync_slides_the_expiry_forward_when_sliding_expiration_is_set()
    {
        var cache = new RedisDistributedCache(Client, Options);
        var key = Options.Value.KeyPrefix + "cache:sliding";
        await cache.SetAsync("sliding", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) }).WaitAsync(Timeout);
        await Client.ExpireAsync(key, TimeSpan.FromSeconds(5)).WaitAsync(Timeout);

        await cache.GetAsync("sliding").WaitAsync(Timeout);

        Assert.InRange((await Client.TimeToLiveAsync(key).WaitAsync(Timeout))!.Value, TimeSpan.FromSeconds(55), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Sliding_never_extends_past_the_absolute_expiration()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var cache = new RedisDistributedCache(Client, Options, time);
        var key = Options.Value.KeyPrefix + "cache:both";
        await cache.SetAsync("both", [1], new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(1),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30),
        }).WaitAsync(Timeout);
        var initial = await Client.TimeToLiveAsync(key).WaitAsync(Timeout);

        time.Now += TimeSpan.FromSeconds(28);
        await cache.RefreshAsync("both").WaitAsync(Timeout);

        Assert.InRange(initial!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        Assert.InRange((await Client.TimeToLiveAsync(key).WaitAsync(Timeout))!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
    }
}
