using System.Text;
using RunwareCloud.Redis;

namespace RunwareCloud.Redis.Tests;

public sealed class RedisClientTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly RedisClient _client = new(RedisTestContext.ConnectionString);
    private readonly string _prefix = TestInfrastructure.CreateKeyPrefix("client");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task ExecuteAsync_gives_each_of_1000_concurrent_callers_its_own_reply()
    {
        var callers = Enumerable.Range(0, 1000).Select(async i =>
        {
            var key = $"{_prefix}k{i}";
            var value = $"value-{i}-{new string('x', i % 50)}";
            var set = await _client.ExecuteAsync("SET", key, value);
            var get = await _client.ExecuteAsync("GET", key);
            return (i, set, get, value);
        });

        var results = await Task.WhenAll(callers).WaitAsync(s_timeout);

        Assert.All(results, r =>
        {
            Assert.Equal("OK", r.set.AsString());
            Assert.Equal(RedisReplyKind.BulkString, r.get.Kind);
            Assert.Equal(r.value, r.get.AsString());
        });
    }

    [Fact]
    public async Task ExecuteAsync_returns_nil_for_a_missing_key_and_errors_as_values()
    {
        var missing = await _client.ExecuteAsync("GET", _prefix + "missing").WaitAsync(s_timeout);
        var error = await _client.ExecuteAsync("NOSUCHCOMMAND", "x").WaitAsync(s_timeout);
        var next = await _client.ExecuteAsync("PING").WaitAsync(s_timeout);

        Assert.Equal(RedisReplyKind.BulkString, missing.Kind);
        Assert.True(missing.IsNull);
        Assert.Null(await _client.GetAsync(_prefix + "missing").WaitAsync(s_timeout));
        Assert.True(error.IsError);
        Assert.StartsWith("ERR", error.ErrorMessage);
        Assert.Equal("PONG", next.AsString());
    }

    [Fact]
    public async Task Typed_commands_throw_RedisServerException_on_error_replies()
    {
        await _client.HashSetAsync(_prefix + "hash", "f", "v").WaitAsync(s_timeout);

        var exception = await Assert.ThrowsAsync<RedisServerException>(() => _client.IncrementAsync(_prefix + "hash").WaitAsync(s_timeout));

        Assert.Equal("WRONGTYPE", exception.Prefix);
    }

    [Fact]
    public async Task EvalAsync_returns_nested_tables_as_nested_arrays()
    {
        var script = new RedisScript("return {1, 'two', {3, {'four', false}}, redis.error_reply('boom')}");

        var reply = await _client.EvalAsync(script).WaitAsync(s_timeout);

        Assert.Equal(RedisReplyKind.Array, reply.Kind);
        Assert.Equal(1, reply[0].AsInt64());
        Assert.Equal("two", reply[1].AsString());
        Assert.Equal(3, reply[2][0].AsInt64());
        Assert.Equal("four", reply[2][1][0].AsString());
        Assert.True(reply[2][1][1].IsNull);
        Assert.True(reply[3].IsError);
        Assert.EndsWith("boom", reply[3].ErrorMessage);
    }

    [Fact]
    public async Task EvalAsync_loads_the_script_when_the_server_answers_NOSCRIPT()
    {
        var script = new RedisScript($"return '{Guid.NewGuid():N}' .. ARGV[1] .. KEYS[1]");
        await _client.ExecuteAsync("SCRIPT", "FLUSH").WaitAsync(s_timeout);

        var first = await _client.EvalAsync(script, [_prefix + "k"], ["-"]).WaitAsync(s_timeout);
        var cached = await _client.ExecuteAsync("SCRIPT", "EXISTS", script.Sha1).WaitAsync(s_timeout);

        Assert.EndsWith("-" + _prefix + "k", first.AsString());
        Assert.Equal(1, cached[0].AsInt64());
    }

    [Fact]
    public async Task SetAsync_round_trips_a_10_MB_binary_value()
    {
        var value = new byte[10 * 1024 * 1024];
        new Random(7).NextBytes(value);
        value[0] = (byte)'\r';
        value[1] = (byte)'\n';

        await _client.SetAsync(_prefix + "big", value).WaitAsync(s_timeout);
        var smallAfter = _client.ExecuteAsync("PING");
        var read = await _client.GetAsync(_prefix + "big").WaitAsync(s_timeout);

        Assert.Equal(value, read);
        Assert.Equal("PONG", (await smallAfter.WaitAsync(s_timeout)).AsString());
        await _client.DeleteAsync(_prefix + "big", CancellationToken.None).WaitAsync(s_timeout);
    }

    [Fact]
    public async Task SetAsync_honours_expiry_and_conditions()
    {
        var key = _prefix + "cond";

        Assert.False(await _client.SetAsync(key, "a", condition: RedisSetCondition.IfExists).WaitAsync(s_timeout));
        Assert.True(await _client.SetAsync(key, "a", TimeSpan.FromSeconds(100), RedisSetCondition.IfNotExists).WaitAsync(s_timeout));
        Assert.False(await _client.SetAsync(key, "b", condition: RedisSetCondition.IfNotExists).WaitAsync(s_timeout));
        Assert.Equal("a", await _client.GetStringAsync(key).WaitAsync(s_timeout));
        Assert.InRange((await _client.TimeToLiveAsync(key).WaitAsync(s_timeout))!.Value, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(100));
        Assert.InRange(await _client.TtlSecondsAsync(key).WaitAsync(s_timeout), 90, 100);
        Assert.True(await _client.ExpireAsync(key, TimeSpan.FromMilliseconds(200_500)).WaitAsync(s_timeout));
        Assert.InRange(await _client.TtlSecondsAsync(key).WaitAsync(s_timeout), 190, 201);
        Assert.True(await _client.ExistsAsync(key).WaitAsync(s_timeout));
        Assert.Equal(1, await _client.DeleteAsync(key, _prefix + "nothing").WaitAsync(s_timeout));
        Assert.False(await _client.ExistsAsync(key).WaitAsync(s_timeout));
        Assert.Null(await _client.TimeToLiveAsync(key).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Counter_hash_sorted_set_and_stream_commands_work()
    {
        Assert.Equal(1, await _client.IncrementAsync(_prefix + "n").WaitAsync(s_timeout));
        Assert.Equal(11, await _client.IncrementAsync(_prefix + "n", 10).WaitAsync(s_timeout));

        Assert.Equal(2, await _client.HashSetAsync(_prefix + "h", [new("a", "1"), new("b", new byte[] { 0, 255 })]).WaitAsync(s_timeout));
        Assert.Equal("1"u8.ToArray(), await _client.HashGetAsync(_prefix + "h", "a").WaitAsync(s_timeout));
        var all = await _client.HashGetAllAsync(_prefix + "h").WaitAsync(s_timeout);
        Assert.Equal(new byte[] { 0, 255 }, all["b"]);
        Assert.Equal(1, await _client.HashDeleteAsync(_prefix + "h", "a", "zzz").WaitAsync(s_timeout));
        Assert.Null(await _client.HashGetAsync(_prefix + "h", "a").WaitAsync(s_timeout));

        await _client.SortedSetAddAsync(_prefix + "z", "low", 1).WaitAsync(s_timeout);
        await _client.SortedSetAddAsync(_prefix + "z", "mid", 2.5).WaitAsync(s_timeout);
        await _client.SortedSetAddAsync(_prefix + "z", "high", 10).WaitAsync(s_timeout);
        var range = await _client.SortedSetRangeByScoreAsync(_prefix + "z", "(1", "+inf").WaitAsync(s_timeout);
        Assert.Equal(["mid", "high"], range.Select(Encoding.UTF8.GetString));
        Assert.Equal(1, await _client.SortedSetRemoveAsync(_prefix + "z", "mid").WaitAsync(s_timeout));
        Assert.Equal(1, await _client.SortedSetRemoveRangeByScoreAsync(_prefix + "z", "-inf", "5").WaitAsync(s_timeout));

        var id = await _client.StreamAddAsync(_prefix + "s", [new("event", "created"), new("n", 1)]).WaitAsync(s_timeout);
        await _client.StreamAddAsync(_prefix + "s", [new("event", "updated")]).WaitAsync(s_timeout);
        var entries = await _client.StreamRangeAsync(_prefix + "s").WaitAsync(s_timeout);
        Assert.Equal(id, entries[0].Id);
        Assert.Equal("created", Encoding.UTF8.GetString(entries[0].Fields["event"]));
        Assert.Equal("updated", Encoding.UTF8.GetString(entries[1].Fields["event"]));
    }

    [Fact]
    public async Task A_timed_out_call_fails_and_later_calls_get_their_own_replies()
    {
        await _client.PingAsync().WaitAsync(s_timeout);

        var blocked = _client.ExecuteAsync(["BLPOP", _prefix + "never", "0.5"], TimeSpan.FromMilliseconds(100));
        var queuedBehind = Enumerable.Range(0, 50).Select(i => _client.ExecuteAsync("ECHO", $"after-{i}")).ToArray();

        await Assert.ThrowsAsync<RedisTimeoutException>(() => blocked.WaitAsync(s_timeout));
        var echoes = await Task.WhenAll(queuedBehind).WaitAsync(s_timeout);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"after-{i}"), echoes.Select(e => e.AsString()));
        Assert.Equal("PONG", await _client.PingAsync().WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Cancelled_calls_never_receive_replies_meant_for_others()
    {
        var calls = Enumerable.Range(0, 500).Select(async i =>
        {
            using var cancel = new CancellationTokenSource();
            var key = $"{_prefix}c{i}";
            await _client.ExecuteAsync(["SET", key, $"v{i}"], null);
            var call = _client.ExecuteAsync(["GET", key], null, cancel.Token);
            if (i % 2 == 0)
            {
                await cancel.CancelAsync();
            }

            try
            {
                return (i, (await call).AsString());
            }
            catch (OperationCanceledException)
            {
                return (i, (string?)null);
            }
        });

        var results = await Task.WhenAll(calls).WaitAsync(s_timeout);

        Assert.All(results, r => Assert.True(r.Item2 is null ? r.i % 2 == 0 : r.Item2 == $"v{r.i}", $"caller {r.i} got {r.Item2}"));
        Assert.All(results.Where(r => r.i % 2 == 1), r => Assert.Equal($"v{r.i}", r.Item2));
    }

    [Fact]
    public async Task A_stalled_connection_is_reset_after_the_sync_timeout_and_the_client_reconnects()
    {
        await using var client = new RedisClient(TestInfrastructure.RedisConnectionString + ",connectTimeout=15000,syncTimeout=2000");
        await client.PingAsync().WaitAsync(s_timeout);

        var stalled = client.ExecuteAsync("BLPOP", _prefix + "never", "10");
        var behind = client.ExecuteAsync("ECHO", "behind");

        await Assert.ThrowsAsync<RedisTimeoutException>(() => stalled.WaitAsync(s_timeout));
        await Assert.ThrowsAnyAsync<RedisException>(() => behind.WaitAsync(s_timeout));
        Assert.Equal("again", (await client.ExecuteAsync("ECHO", "again").WaitAsync(s_timeout)).AsString());
    }

    [Fact]
    public async Task SubscribeAsync_receives_published_messages_until_disposed()
    {
        var channel = _prefix + "events";
        var received = new List<string>();
        var subscription = await _client.SubscribeAsync(channel, message =>
        {
            lock (received)
            {
                received.Add(message.PayloadText);
            }
        }).WaitAsync(s_timeout);

        var receivers = await _client.PublishAsync(channel, "hello").WaitAsync(s_timeout);
        await _client.PublishAsync(channel, new byte[] { 0xE2, 0x82, 0xAC }).WaitAsync(s_timeout);
        await Eventually.WaitUntilAsync(() => { lock (received) { return received.Count == 2; } }, s_timeout, "two messages");
        await subscription.DisposeAsync().AsTask().WaitAsync(s_timeout);
        var afterUnsubscribe = await _client.PublishAsync(channel, "late").WaitAsync(s_timeout);

        Assert.Equal(1, receivers);
        Assert.Equal(["hello", "€"], received);
        Assert.Equal(0, afterUnsubscribe);
    }

    [Fact]
    public async Task ExecuteAsync_fails_with_RedisConnectionException_when_no_server_listens()
    {
        await using var client = new RedisClient("127.0.0.1:1,connectTimeout=200,syncTimeout=300");

        await Assert.ThrowsAsync<RedisConnectionException>(() => client.PingAsync().WaitAsync(s_timeout));
    }
}
