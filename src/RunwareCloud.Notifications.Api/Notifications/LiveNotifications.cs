using Microsoft.AspNetCore.SignalR;
using RunwareCloud.Notifications.Api.Hubs;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>Hands a notification announced through Redis to this instance's stream and hub connections of its user.</summary>
public sealed partial class LiveNotifications(
    LiveSubscribers subscribers, IHubContext<NotificationsHub> hub, ILogger<LiveNotifications> logger)
{
    public async ValueTask PublishAsync(Notification notification, CancellationToken cancellationToken)
    {
        subscribers.Deliver(NotificationFrame.Create(notification));
        try
        {
            await hub.Clients.Group(NotificationsHub.UserGroup(notification.UserId))
                .SendAsync(NotificationsHub.NotificationMethod, notification, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogHubSendFailed(logger, exception, notification.Id);
        }
    }

    public void CatchUpAll() => subscribers.CatchUpAll();

    [LoggerMessage(LogLevel.Warning, "Could not send notification {NotificationId} to hub connections")]
    private static partial void LogHubSendFailed(ILogger logger, Exception exception, string? notificationId);
}
