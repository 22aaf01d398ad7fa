using Microsoft.AspNetCore.SignalR;
using RunwareCloud.Notifications.Api.Hubs;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>
/// Hands a notification announced through Redis to this instance's stream and hub connections of its user. Every
/// instance hears every announcement, so the work is done only for users connected here.
/// </summary>
public sealed partial class LiveNotifications(
    LiveSubscribers subscribers, HubPresence hubPresence, IHubContext<NotificationsHub> hub, ILogger<LiveNotifications> logger)
{
    public async ValueTask PublishAsync(Announcement announcement, CancellationToken cancellationToken)
    {
        if (subscribers.HasListeners(announcement.UserId))
        {
            subscribers.Deliver(NotificationFrame.Create(announcement));
        }

        if (!hubPresence.IsConnected(announcement.UserId))
        {
            return;
        }

        try
        {
            await hub.Clients.Group(NotificationsHub.UserGroup(announcement.UserId))
                .SendAsync(NotificationsHub.NotificationMethod, announcement.ToNotification(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogHubSendFailed(logger, exception, announcement.Id);
        }
    }

    public void CatchUpAll() => subscribers.CatchUpAll();

    [LoggerMessage(LogLevel.Warning, "Could not send notification {NotificationId} to hub connections")]
    private static partial void LogHubSendFailed(ILogger logger, Exception exception, string? notificationId);
}
