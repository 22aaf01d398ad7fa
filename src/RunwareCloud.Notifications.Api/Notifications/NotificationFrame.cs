using System.Text;
using System.Text.Json;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>A logged notification's Server-Sent Events frame, encoded once and written to every connection of its user.</summary>
public sealed class NotificationFrame
{
    private NotificationFrame(StreamId id, Guid userId, byte[] sse)
    {
        Id = id;
        UserId = userId;
        Sse = sse;
    }

    public StreamId Id { get; }

    public Guid UserId { get; }

    public ReadOnlyMemory<byte> Sse { get; }

    public static NotificationFrame Create(Notification notification)
    {
        var id = StreamId.Parse(notification.Id ?? throw new ArgumentException("A notification needs its log id to be framed.", nameof(notification)));
        var json = JsonSerializer.Serialize(notification, NotificationJson.Options);
        var sse = Encoding.UTF8.GetBytes($"id: {notification.Id}\nevent: {notification.Type}\ndata: {json}\n\n");
        return new NotificationFrame(id, notification.UserId, sse);
    }

    /// <summary>
    /// The same bytes as <see cref="Create"/> without parsing the JSON: the log's JSON is the notification without its id,
    /// and the id is the first property, so it is spliced in after the opening brace.
    /// </summary>
    public static NotificationFrame Create(Announcement announcement)
    {
        var id = StreamId.Parse(announcement.Id);
        var json = announcement.Json.Span;
        if (json.Length < 2 || json[0] != (byte)'{')
        {
            throw new InvalidDataException($"Announcement {announcement.Id} carries no JSON object.");
        }

        var head = Encoding.UTF8.GetBytes($"id: {announcement.Id}\nevent: {announcement.Type}\ndata: {{\"id\":\"{announcement.Id}\"");
        var rest = json[1..];
        var separator = rest[0] == (byte)'}' ? 0 : 1;
        var sse = new byte[head.Length + separator + rest.Length + 2];
        head.CopyTo(sse, 0);
        if (separator == 1)
        {
            sse[head.Length] = (byte)',';
        }

        rest.CopyTo(sse.AsSpan(head.Length + separator));
        sse[^2] = (byte)'\n';
        sse[^1] = (byte)'\n';
        return new NotificationFrame(id, announcement.UserId, sse);
    }
}
