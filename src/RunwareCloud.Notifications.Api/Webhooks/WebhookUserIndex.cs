using Microsoft.Extensions.Options;
using RunwareCloud.Notifications.Api.Notifications;
using RunwareCloud.Redis;

namespace RunwareCloud.Notifications.Api.Webhooks;

/// <summary>
/// The users who have (or once had) a webhook subscription, in Redis, so that the consumer asks Postgres only for them
/// (the replay log's append reads the set in the same script). A user is added before their first subscription is stored
/// and never removed: a stale entry costs one query.
/// </summary>
public sealed class WebhookUserIndex(IRedisClient redis, IOptions<NotificationsOptions> options)
{
    public async Task AddAsync(Guid userId, CancellationToken cancellationToken) =>
        (await redis.ExecuteAsync(["SADD", options.Value.WebhookUsersKey, userId.ToString("N")], null, cancellationToken)).ThrowIfError();
}
