using System.Text;
using RunwareCloud.Redis;

namespace RunwareCloud.Redis.Tests;

public sealed class RedisIdempotencyStoreTests : RedisTestContext
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task TryReserveAsync_reserves_once_and_reports_in_progress_or_conflict_afterwards()
    {
        var store = new RedisIdempotencyStore(Client, Options);

        var first = await store.TryReserveAsync("user-1", "key-1", "hash-a", s_ttl).WaitAsync(Timeout);
        var again = await store.TryReserveAsync("user-1", "key-1", "hash-a", s_ttl).WaitAsync(Timeout);
        var different = await store.TryReserveAsync("user-1", "key-1", "hash-b", s_ttl).WaitAsync(Timeout);
        var otherScope = await store.TryReserveAsync("user-2", "key-1", "hash-b", s_ttl).WaitAsync(Timeout);

        Assert.Equal(IdempotencyStatus.Reserved, first.Status);
        Assert.Equal(IdempotencyStatus.InProgress, again.Status);
        Assert.Equal(IdempotencyStatus.Conflict, different.Status);
        Assert.Equal(IdempotencyStatus.Reserved, otherScope.Status);
    }

    [Fact]
    public async Task TryReserveAsync_replays_the_stored_response_after_CompleteAsync()
    {
        var store = new RedisIdempotencyStore(Client, Options);
        await store.TryReserveAsync("user-1", "key-2", "hash-a", s_ttl).WaitAsync(Timeout);
        var response = new IdempotentResponse
        {
            StatusCode = 201,
            ContentType = "application/json",
            Body = Encoding.UTF8.GetBytes("""{"id":"42"}"""),
            Headers = new Dictionary<string, string> { ["Location"] = "/api/jobs/42" },
        };

        var completed = await store.CompleteAsync("user-1", "key-2", "hash-a", response, s_ttl).WaitAsync(Timeout);
        var replay = await store.TryReserveAsync("user-1", "key-2", "hash-a", s_ttl).WaitAsync(Timeout);
        var conflict = await store.TryReserveAsync("user-1", "key-2", "hash-b", s_ttl).WaitAsync(Timeout);

        Assert.True(completed);
        Assert.Equal(IdempotencyStatus.Completed, replay.Status);
        Assert.Equal(201, replay.Response!.StatusCode);
        Assert.Equal("application/json", replay.Response.ContentType);
        Assert.Equal("""{"id":"42"}""", Encoding.UTF8.GetString(replay.Response.Body));
        Assert.Equal("/api/jobs/42", replay.Response.Headers["Location"]);
        Assert.Equal(IdempotencyStatus.Conflict, conflict.Status);
    }

    [Fact]
    public async Task ReleaseAsync_lets_a_retry_reserve_again_and_CompleteAsync_then_fails_for_the_old_holder()
    {
        var store = new RedisIdempotencyStore(Client, Options);
        await store.TryReserveAsync("user-1", "key-3", "hash-a", s_ttl).WaitAsync(Timeout);

        var wrongHash = await store.ReleaseAsync("user-1", "key-3", "hash-b").WaitAsync(Timeout);
        var released = await store.ReleaseAsync("user-1", "key-3", "hash-a").WaitAsync(Timeout);
        var lateComplete = await store.CompleteAsync("user-1", "key-3", "hash-a", new IdempotentResponse { StatusCode = 200 }, s_ttl).WaitAsync(Timeout);
        var retry = await store.TryReserveAsync("user-1", "key-3", "hash-a", s_ttl).WaitAsync(Timeout);

        Assert.False(wrongHash);
        Assert.True(released);
        Assert.False(lateComplete);
        Assert.Equal(IdempotencyStatus.Reserved, retry.Status);
    }

    [Fact]
    public async Task TryReserveAsync_grants_exactly_one_of_many_concurrent_requests()
    {
        var store = new RedisIdempotencyStore(Client, Options);

        var results = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => store.TryReserveAsync("user-1", "key-4", "hash-a", s_ttl))).WaitAsync(Timeout);

        Assert.Single(results, r => r.Status == IdempotencyStatus.Reserved);
        Assert.Equal(49, results.Count(r => r.Status == IdempotencyStatus.InProgress));
    }

    [Fact]
    public async Task Reservation_expires_after_its_ttl()
    {
        var store = new RedisIdempotencyStore(Client, Options);
        await store.TryReserveAsync("user-1", "key-5", "hash-a", TimeSpan.FromMilliseconds(200)).WaitAsync(Timeout);

        await Eventually.WaitUntilAsync(
            async () => (await store.TryReserveAsync("user-1", "key-5", "hash-b", s_ttl)).Status == IdempotencyStatus.Reserved,
            Timeout, "the reservation to expire");
    }
}
