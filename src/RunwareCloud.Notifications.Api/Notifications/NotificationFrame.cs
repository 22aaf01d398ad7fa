using System.Text;
using System.Text.Json;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>A logged notification with its Server-Sent Events frame, encoded once and written to every connection of its user.</summary>
public sealed class NotificationFrame
{
    private NotificationFrame(StreamId id, Notification notification, byte[] sse)
    {
        Id = id;
        Notification = notification;
        Sse = sse;
    }

    public StreamId Id { get; }

    public Notification Notification { get; }

    public ReadOnlyMemory<byte> Sse { get; }

    public static NotificationFrame Create(Notification notification)
    {
        var id = StreamId.Parse(notification.Id ?? throw new ArgumentException("A notification needs its log id to be framed.", nameof(notification)));
        var json = JsonSerializer.Serialize(notification, NotificationJson.Options);
        var sse = Encoding.UTF8.GetBytes($"id: {notification.Id}\nevent: {notification.Type}\ndata: {json}\n\n");
        return new NotificationFrame(id, notification, sse);
    }
}
