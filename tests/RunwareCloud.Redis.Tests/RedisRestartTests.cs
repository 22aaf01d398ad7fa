using RunwareCloud.Redis;

namespace RunwareCloud.Redis.Tests;

public sealed class RedisRestartTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Callers_never_get_another_callers_reply_when_the_server_restarts_under_load()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = new RedisClient($"127.0.0.1:{server.Port},connectTimeout=2000,syncTimeout=3000");
        using var stop = new CancellationTokenSource();
        long successes = 0, failures = 0, mismatches = 0;
        var workers = Enumerable.Range(0, 32).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"w{worker}:{i % 100}";
                var value = $"{worker}:{i}";
                try
                {
                    var set = await client.ExecuteAsync("SET", key, value);
                    var get = await client.ExecuteAsync("GET", key);
                    var own = set.AsString() == "OK" && (get.IsNull || get.AsString() == value);
                    Interlocked.Increment(ref own ? ref successes : ref mismatches);
                }
                catch (RedisException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        await Eventually.WaitUntilAsync(() => Interlocked.Read(ref successes) > 2_000, s_timeout, "load before the restart");
        await server.KillAsync();
        await Eventually.WaitUntilAsync(() => Interlocked.Read(ref failures) > 0, s_timeout, "callers to see the outage");
        await server.StartAgainAsync();
        var beforeRecovery = Interlocked.Read(ref successes);
        await Eventually.WaitUntilAsync(() => Interlocked.Read(ref successes) > beforeRecovery + 2_000, s_timeout, "load after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(s_timeout);

        Assert.Equal(0, Interlocked.Read(ref mismatches));
        Assert.True(Interlocked.Read(ref failures) > 0);
        Assert.Equal("PONG", await client.PingAsync().WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Subscriptions_resume_after_the_server_restarts()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = new RedisClient($"127.0.0.1:{server.Port},connectTimeout=2000,syncTimeout=3000");
        var received = 0;
        await using var subscription = await client.SubscribeAsync("news", _ => Interlocked.Increment(ref received)).WaitAsync(s_timeout);

        await server.KillAsync();
        await server.StartAgainAsync();
        await Eventually.WaitUntilAsync(async () =>
        {
            await client.PublishAsync("news", "ping");
            return Volatile.Read(ref received) > 0;
        }, s_timeout, "a message after the restart");

        Assert.True(Volatile.Read(ref received) > 0);
    }
}
