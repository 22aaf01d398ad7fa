using System.Text.Json;
using Microsoft.Extensions.Options;
using RunwareCloud.Notifications.Api.Webhooks;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>
/// Records a notification once: in its user's replay log (which also announces it to every instance) and in the
/// webhook delivery queue of each matching subscription. Both steps are idempotent, so a redelivered message is harmless.
/// </summary>
public sealed class NotificationPublisher(
    INotificationLog log, WebhookStore webhooks, IOptionsMonitor<WebhookOptions> webhookOptions, TimeProvider time)
{
    public async Task<Notification> PublishAsync(string messageId, Notification notification, CancellationToken cancellationToken)
    {
        var (logged, userHasWebhooks) = await log.AppendAsync(messageId, notification, cancellationToken);
        if (!userHasWebhooks)
        {
            return logged;
        }

        var payload = JsonSerializer.Serialize(new { type = logged.Type, timestamp = logged.At, data = logged }, NotificationJson.Options);
        await webhooks.EnqueueAsync(
            logged.UserId, messageId, logged.Type, payload, time.GetUtcNow(), webhookOptions.CurrentValue.RetryWindow, cancellationToken);
        return logged;
    }
}
