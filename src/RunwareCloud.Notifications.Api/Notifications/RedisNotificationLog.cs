using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RunwareCloud.Redis;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>
/// The replay log as one Redis stream per user (ids are Redis stream ids). Deduplication, the append and the announcement
/// run in one script, so announcements leave Redis in exactly the order of the log and a redelivered message is logged once.
/// </summary>
public sealed class RedisNotificationLog(IRedisClient redis, IOptions<NotificationsOptions> options) : INotificationLog
{
    private const string EntryField = "n";

    // KEYS: stream, dedup key, webhook users. ARGV: notification json, max length, dedup ttl (s), channel, stream ttl (ms),
    // announcement header, user id. Returns the entry id and whether the user is in the webhook user index.
    private static readonly RedisScript s_append = new("""
        local hooks = redis.call('SISMEMBER', KEYS[3], ARGV[7])
        local existing = redis.call('GET', KEYS[2])
        if existing then return {existing, hooks} end
        local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'n', ARGV[1])
        redis.call('SET', KEYS[2], id, 'EX', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('PUBLISH', ARGV[4], id .. ARGV[6] .. ARGV[1])
        return {id, hooks}
        """);

    private readonly NotificationsOptions _options = options.Value;

    public async Task<AppendedNotification> AppendAsync(string deduplicationId, Notification notification, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(notification with { Id = null }, NotificationJson.Options);
        var reply = await redis.EvalAsync(
            s_append,
            [_options.StreamKey(notification.UserId), _options.DeduplicationKey(deduplicationId), _options.WebhookUsersKey],
            [json, _options.ReplayLength, (long)_options.DeduplicationWindow.TotalSeconds, _options.Channel, (long)_options.ReplayRetention.TotalMilliseconds, Announcement.Header(notification), notification.UserId.ToString("N")],
            cancellationToken);
        return new AppendedNotification(notification with { Id = reply[0].AsString() }, reply[1].AsInt64() == 1);
    }

    public async Task<IReadOnlyList<Notification>> ReadAfterAsync(Guid userId, StreamId after, int count, CancellationToken cancellationToken)
    {
        var start = after == StreamId.Zero ? "-" : "(" + after;
        var entries = await redis.StreamRangeAsync(_options.StreamKey(userId), start, "+", count, cancellationToken);
        return [.. entries.Select(entry => Deserialize(entry.Id, entry.Fields[EntryField]))];
    }

    public async Task<StreamId> GetLatestIdAsync(Guid userId, CancellationToken cancellationToken)
    {
        var reply = (await redis.ExecuteAsync(["XREVRANGE", _options.StreamKey(userId), "+", "-", "COUNT", 1], null, cancellationToken)).ThrowIfError();
        return reply.Elements.Count == 0 ? StreamId.Zero : StreamId.Parse(reply[0][0].AsString()!);
    }

    private static Notification Deserialize(string id, ReadOnlySpan<byte> json) =>
        (JsonSerializer.Deserialize<Notification>(json, NotificationJson.Options)
            ?? throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Log entry {id} is empty."))) with { Id = id };
}
