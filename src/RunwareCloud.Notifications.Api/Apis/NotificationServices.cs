using Microsoft.Extensions.Options;
using RunwareCloud.Notifications.Api.Notifications;

namespace RunwareCloud.Notifications.Api.Apis;

public sealed class NotificationServices(INotificationLog log, LiveSubscribers subscribers, IOptions<NotificationsOptions> options)
{
    public INotificationLog Log { get; } = log;

    public LiveSubscribers Subscribers { get; } = subscribers;

    public IOptions<NotificationsOptions> Options { get; } = options;
}
