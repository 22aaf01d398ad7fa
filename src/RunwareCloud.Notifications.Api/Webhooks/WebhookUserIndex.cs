using Microsoft.Extensions.Options;
using RunwareCloud.Notifications.Api.Notifications;
using RunwareCloud.Redis;

namespace RunwareCloud.Notifications.Api.Webhooks;

/// <summary>
/// The users who have (or once had) a webhook subscription, in Redis, so that the ordered consumer asks Postgres only for
/// them. A user is added before their first subscription is stored and never removed: a stale entry costs one query.
/// </summary>
public sealed class WebhookUserIndex(IRedisClient redis, IOptions<NotificationsOptions> options)
{
    private string Key => options.Value.KeyPrefix + "webhook-users";

    public async Task AddAsync(Guid userId, CancellationToken cancellationToken) =>
        (await redis.ExecuteAsync(["SADD", Key, userId.ToString("N")], null, cancellationToken)).ThrowIfError();

    public async Task<bool> ContainsAsync(Guid userId, CancellationToken cancellationToken) =>
        (await redis.ExecuteAsync(["SISMEMBER", Key, userId.ToString("N")], null, cancellationToken)).ThrowIfError().AsInt64() == 1;
}
