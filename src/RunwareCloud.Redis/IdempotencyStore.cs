using System.Text.Json;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Redis;

public enum IdempotencyStatus
{
    /// <summary>The caller holds the key now: do the work, then <see cref="IIdempotencyStore.CompleteAsync"/> or <see cref="IIdempotencyStore.ReleaseAsync"/>.</summary>
    Reserved,

    /// <summary>The same request already finished; replay <see cref="IdempotencyReservation.Response"/>.</summary>
    Completed,

    /// <summary>The same request is being handled by someone else right now (answer 409 and let the client retry).</summary>
    InProgress,

    /// <summary>The key was used with a different request body (answer 422).</summary>
    Conflict,
}

/// <summary>The outcome of <see cref="IIdempotencyStore.TryReserveAsync"/>.</summary>
public sealed record IdempotencyReservation
{
    public required IdempotencyStatus Status { get; init; }

    /// <summary>The stored response when <see cref="Status"/> is <see cref="IdempotencyStatus.Completed"/>.</summary>
    public IdempotentResponse? Response { get; init; }
}

/// <summary>The response stored for replay: status code, content type, body and the headers worth repeating (Location, ...).</summary>
public sealed record IdempotentResponse
{
    public required int StatusCode { get; init; }

    public string? ContentType { get; init; }

    public byte[] Body { get; init; } = [];

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>Idempotency keys for unsafe requests: the first request with a key reserves it, later ones replay or are refused.</summary>
public interface IIdempotencyStore
{
    /// <param name="scope">Who the key belongs to (a user id), so that two users' keys never collide.</param>
    /// <param name="requestHash">A hash of the request (method, path, body) that detects a key reused for a different request.</param>
    /// <param name="ttl">How long the reservation, and later the stored response, is kept.</param>
    Task<IdempotencyReservation> TryReserveAsync(string scope, string key, string requestHash, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Stores the response for replay; false when the reservation was no longer held (expired or released).</summary>
    Task<bool> CompleteAsync(string scope, string key, string requestHash, IdempotentResponse response, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Gives the key up after a failure so that a retry can run; false when it was not reserved with this hash.</summary>
    Task<bool> ReleaseAsync(string scope, string key, string requestHash, CancellationToken cancellationToken = default);
}

/// <summary>
/// <see cref="IIdempotencyStore"/> on Redis: one hash per key (<c>state</c> pending|done, <c>hash</c>, and once done
/// <c>status</c>, <c>ctype</c>, <c>body</c>, <c>headers</c>), with every transition in a Lua script so it is atomic.
/// </summary>
public sealed class RedisIdempotencyStore(IRedisClient client, IOptions<RedisOptions> options) : IIdempotencyStore
{
    private const string Area = "idem";

    private static readonly RedisScript s_reserve = new("""
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then
          redis.call('HSET', KEYS[1], 'state', 'pending', 'hash', ARGV[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return {'reserved'}
        end
        if redis.call('HGET', KEYS[1], 'hash') ~= ARGV[1] then return {'conflict'} end
        if state == 'pending' then return {'inprogress'} end
        local r = redis.call('HMGET', KEYS[1], 'status', 'ctype', 'body', 'headers')
        return {'completed', r[1], r[2], r[3], r[4]}
        """);

    private static readonly RedisScript s_complete = new("""
        if redis.call('HGET', KEYS[1], 'state') ~= 'pending' or redis.call('HGET', KEYS[1], 'hash') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'state', 'done', 'status', ARGV[2], 'ctype', ARGV[3], 'body', ARGV[4], 'headers', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        return 1
        """);

    private static readonly RedisScript s_release = new("""
        if redis.call('HGET', KEYS[1], 'state') ~= 'pending' or redis.call('HGET', KEYS[1], 'hash') ~= ARGV[1] then return 0 end
        return redis.call('DEL', KEYS[1])
        """);

    public async Task<IdempotencyReservation> TryReserveAsync(string scope, string key, string requestHash, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        var reply = await client.EvalAsync(s_reserve, [Key(scope, key)], [requestHash, Milliseconds(ttl)], cancellationToken).ConfigureAwait(false);
        return reply[0].AsString() switch
        {
            "reserved" => new IdempotencyReservation { Status = IdempotencyStatus.Reserved },
            "conflict" => new IdempotencyReservation { Status = IdempotencyStatus.Conflict },
            "inprogress" => new IdempotencyReservation { Status = IdempotencyStatus.InProgress },
            _ => new IdempotencyReservation
            {
                Status = IdempotencyStatus.Completed,
                Response = new IdempotentResponse
                {
                    StatusCode = (int)reply[1].AsInt64(),
                    ContentType = reply[2].AsString() is { Length: > 0 } contentType ? contentType : null,
                    Body = reply[3].AsBytes() ?? [],
                    Headers = JsonSerializer.Deserialize<Dictionary<string, string>>(reply[4].AsString() ?? "{}") ?? [],
                },
            },
        };
    }

    public async Task<bool> CompleteAsync(string scope, string key, string requestHash, IdempotentResponse response, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        RedisValue[] args =
        [
            requestHash, response.StatusCode, response.ContentType ?? "", response.Body,
            JsonSerializer.Serialize(response.Headers), Milliseconds(ttl),
        ];
        var reply = await client.EvalAsync(s_complete, [Key(scope, key)], args, cancellationToken).ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    public async Task<bool> ReleaseAsync(string scope, string key, string requestHash, CancellationToken cancellationToken = default)
    {
        var reply = await client.EvalAsync(s_release, [Key(scope, key)], [requestHash], cancellationToken).ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    private string Key(string scope, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return RedisKeys.Prefixed(options.Value.KeyPrefix, Area, $"{scope}:{key}");
    }

    private static long Milliseconds(TimeSpan ttl) =>
        ttl > TimeSpan.Zero ? (long)Math.Ceiling(ttl.TotalMilliseconds) : throw new ArgumentOutOfRangeException(nameof(ttl), "The TTL must be positive.");
}
