namespace RunwareCloud.Redis;

public enum RedisSetCondition
{
    Always,

    /// <summary>NX: only when the key does not exist.</summary>
    IfNotExists,

    /// <summary>XX: only when the key already exists.</summary>
    IfExists,
}

/// <summary>The typed commands we use, on top of <see cref="IRedisClient.ExecuteAsync(RedisValue[], TimeSpan?, CancellationToken)"/>.</summary>
public static class RedisCommands
{
    private static async Task<RedisReply> CallAsync(IRedisClient client, RedisValue[] args, CancellationToken cancellationToken) =>
        (await client.ExecuteAsync(args, null, cancellationToken).ConfigureAwait(false)).ThrowIfError();

    public static async Task<string?> PingAsync(this IRedisClient client, CancellationToken cancellationToken = default) =>
        (await CallAsync(client, ["PING"], cancellationToken).ConfigureAwait(false)).AsString();

    public static async Task<byte[]?> GetAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default) =>
        (await CallAsync(client, ["GET", key], cancellationToken).ConfigureAwait(false)).AsBytes();

    public static async Task<string?> GetStringAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default) =>
        (await CallAsync(client, ["GET", key], cancellationToken).ConfigureAwait(false)).AsString();

    /// <summary>SET with an optional expiry (sent as PX) and NX/XX condition; false when the condition stopped the write.</summary>
    public static async Task<bool> SetAsync(this IRedisClient client, string key, RedisValue value, TimeSpan? expiry = null,
        RedisSetCondition condition = RedisSetCondition.Always, CancellationToken cancellationToken = default)
    {
        var count = 3 + (expiry is null ? 0 : 2) + (condition == RedisSetCondition.Always ? 0 : 1);
        var args = new RedisValue[count];
        args[0] = "SET";
        args[1] = key;
        args[2] = value;
        var next = 3;
        if (expiry is { } ttl)
        {
            args[next++] = "PX";
            args[next++] = (long)Math.Max(1, Math.Ceiling(ttl.TotalMilliseconds));
        }

        if (condition != RedisSetCondition.Always)
        {
            args[next] = condition == RedisSetCondition.IfNotExists ? "NX" : "XX";
        }

        var reply = await CallAsync(client, args, cancellationToken).ConfigureAwait(false);
        return !reply.IsNull;
    }

    public static async Task<long> DeleteAsync(this IRedisClient client, params string[] keys) =>
        (await CallAsync(client, ["DEL", .. keys.Select(k => (RedisValue)k)], CancellationToken.None).ConfigureAwait(false)).AsInt64();

    public static async Task<bool> DeleteAsync(this IRedisClient client, string key, CancellationToken cancellationToken) =>
        (await CallAsync(client, ["DEL", key], cancellationToken).ConfigureAwait(false)).AsInt64() > 0;

    public static async Task<bool> ExistsAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default) =>
        (await CallAsync(client, ["EXISTS", key], cancellationToken).ConfigureAwait(false)).AsInt64() > 0;

    public static async Task<long> IncrementAsync(this IRedisClient client, string key, long by = 1, CancellationToken cancellationToken = default) =>
        (await CallAsync(client, by == 1 ? ["INCR", key] : ["INCRBY", key, by], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>EXPIRE (whole seconds) or PEXPIRE (otherwise); false when the key does not exist.</summary>
    public static async Task<bool> ExpireAsync(this IRedisClient client, string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        RedisValue[] args = expiry.Ticks % TimeSpan.TicksPerSecond == 0
            ? ["EXPIRE", key, (long)expiry.TotalSeconds]
            : ["PEXPIRE", key, (long)Math.Ceiling(expiry.TotalMilliseconds)];
        return (await CallAsync(client, args, cancellationToken).ConfigureAwait(false)).AsInt64() == 1;
    }

    /// <summary>PTTL: null when the key does not exist or has no expiry.</summary>
    public static async Task<TimeSpan?> TimeToLiveAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default)
    {
        var milliseconds = (await CallAsync(client, ["PTTL", key], cancellationToken).ConfigureAwait(false)).AsInt64();
        return milliseconds < 0 ? null : TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>TTL in whole seconds as Redis reports it (-2 missing, -1 no expiry).</summary>
    public static async Task<long> TtlSecondsAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default) =>
        (await CallAsync(client, ["TTL", key], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>Runs a script by its SHA1 and sends the source only when the server does not have it cached (NOSCRIPT).</summary>
    public static async Task<RedisReply> EvalAsync(this IRedisClient client, RedisScript script, RedisValue[]? keys = null,
        RedisValue[]? args = null, CancellationToken cancellationToken = default)
    {
        keys ??= [];
        args ??= [];
        var command = new RedisValue[3 + keys.Length + args.Length];
        command[0] = "EVALSHA";
        command[1] = script.Sha1;
        command[2] = keys.Length;
        keys.CopyTo(command, 3);
        args.CopyTo(command, 3 + keys.Length);
        var reply = await client.ExecuteAsync(command, null, cancellationToken).ConfigureAwait(false);
        if (reply.IsError && reply.ErrorMessage!.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            command[0] = "EVAL";
            command[1] = script.Source;
            reply = await client.ExecuteAsync(command, null, cancellationToken).ConfigureAwait(false);
        }

        return reply.ThrowIfError();
    }

    public static async Task<long> PublishAsync(this IRedisClient client, string channel, RedisValue message, CancellationToken cancellationToken = default) =>
        (await CallAsync(client, ["PUBLISH", channel, message], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>XADD with an auto-generated id (or <paramref name="id"/>); returns the entry id.</summary>
    public static async Task<string> StreamAddAsync(this IRedisClient client, string key, IEnumerable<KeyValuePair<string, RedisValue>> fields,
        string id = "*", long? maxLength = null, CancellationToken cancellationToken = default)
    {
        List<RedisValue> args = ["XADD", key];
        if (maxLength is { } max)
        {
            args.AddRange(["MAXLEN", "~", max]);
        }

        args.Add(id);
        foreach (var (name, value) in fields)
        {
            args.Add(name);
            args.Add(value);
        }

        return (await CallAsync(client, [.. args], cancellationToken).ConfigureAwait(false)).AsString()!;
    }

    /// <summary>XRANGE between two ids ("-" and "+" for the whole stream).</summary>
    public static async Task<IReadOnlyList<RedisStreamEntry>> StreamRangeAsync(this IRedisClient client, string key, string start = "-",
        string end = "+", long? count = null, CancellationToken cancellationToken = default)
    {
        RedisValue[] args = count is { } limit ? ["XRANGE", key, start, end, "COUNT", limit] : ["XRANGE", key, start, end];
        var reply = await CallAsync(client, args, cancellationToken).ConfigureAwait(false);
        return [.. reply.Elements.Select(entry => new RedisStreamEntry(entry[0].AsString()!, ToDictionary(entry[1])))];
    }

    public static async Task<long> HashSetAsync(this IRedisClient client, string key, IEnumerable<KeyValuePair<string, RedisValue>> fields,
        CancellationToken cancellationToken = default)
    {
        List<RedisValue> args = ["HSET", key];
        foreach (var (name, value) in fields)
        {
            args.Add(name);
            args.Add(value);
        }

        return (await CallAsync(client, [.. args], cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    public static Task<long> HashSetAsync(this IRedisClient client, string key, string field, RedisValue value, CancellationToken cancellationToken = default) =>
        client.HashSetAsync(key, [new KeyValuePair<string, RedisValue>(field, value)], cancellationToken);

    public static async Task<byte[]?> HashGetAsync(this IRedisClient client, string key, string field, CancellationToken cancellationToken = default) =>
        (await CallAsync(client, ["HGET", key, field], cancellationToken).ConfigureAwait(false)).AsBytes();

    public static async Task<IReadOnlyDictionary<string, byte[]>> HashGetAllAsync(this IRedisClient client, string key,
        CancellationToken cancellationToken = default) =>
        ToDictionary(await CallAsync(client, ["HGETALL", key], cancellationToken).ConfigureAwait(false));

    public static async Task<long> HashDeleteAsync(this IRedisClient client, string key, params string[] fields) =>
        (await CallAsync(client, ["HDEL", key, .. fields.Select(f => (RedisValue)f)], CancellationToken.None).ConfigureAwait(false)).AsInt64();

    public static async Task<long> SortedSetAddAsync(this IRedisClient client, string key, RedisValue member, double score,
        CancellationToken cancellationToken = default) =>
        (await CallAsync(client, ["ZADD", key, score, member], cancellationToken).ConfigureAwait(false)).AsInt64();

    public static async Task<long> SortedSetRemoveAsync(this IRedisClient client, string key, RedisValue member,
        CancellationToken cancellationToken = default) =>
        (await CallAsync(client, ["ZREM", key, member], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>ZRANGEBYSCORE; <paramref name="min"/>/<paramref name="max"/> accept Redis syntax ("-inf", "(5", "+inf").</summary>
    public static async Task<IReadOnlyList<byte[]>> SortedSetRangeByScoreAsync(this IRedisClient client, string key, string min, string max,
        CancellationToken cancellationToken = default) =>
        [.. (await CallAsync(client, ["ZRANGEBYSCORE", key, min, max], cancellationToken).ConfigureAwait(false)).Elements.Select(e => e.AsBytes()!)];

    public static async Task<long> SortedSetRemoveRangeByScoreAsync(this IRedisClient client, string key, string min, string max,
        CancellationToken cancellationToken = default) =>
        (await CallAsync(client, ["ZREMRANGEBYSCORE", key, min, max], cancellationToken).ConfigureAwait(false)).AsInt64();

    private static Dictionary<string, byte[]> ToDictionary(RedisReply flat)
    {
        var result = new Dictionary<string, byte[]>(flat.Elements.Count / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < flat.Elements.Count; i += 2)
        {
            result[flat[i].AsString()!] = flat[i + 1].AsBytes() ?? [];
        }

        return result;
    }
}

/// <summary>One stream entry from XRANGE.</summary>
public sealed record RedisStreamEntry(string Id, IReadOnlyDictionary<string, byte[]> Fields);
