using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>
/// A logged notification as the live channel carries it: <c>{id} {userId:N} {type} {json without id}</c>. The header lets
/// an instance skip users it has no connections for, and build a stream frame without parsing the JSON.
/// </summary>
public readonly record struct Announcement(string Id, Guid UserId, string Type, ReadOnlyMemory<byte> Json)
{
    /// <summary>What precedes the JSON, after the id the log assigns: <c> {userId:N} {type} </c>.</summary>
    public static string Header(Notification notification) =>
        string.Create(CultureInfo.InvariantCulture, $" {notification.UserId:N} {notification.Type} ");

    public static bool TryParse(ReadOnlyMemory<byte> payload, out Announcement announcement)
    {
        announcement = default;
        var span = payload.Span;
        var idEnd = span.IndexOf((byte)' ');
        if (idEnd <= 0 || span.Length < idEnd + 1 + 32 + 1)
        {
            return false;
        }

        var userStart = idEnd + 1;
        if (!Utf8Parser.TryParse(span.Slice(userStart, 32), out Guid userId, out var consumed, 'N') || consumed != 32 || span[userStart + 32] != (byte)' ')
        {
            return false;
        }

        var typeStart = userStart + 33;
        var typeLength = span[typeStart..].IndexOf((byte)' ');
        if (typeLength <= 0)
        {
            return false;
        }

        announcement = new Announcement(
            Encoding.ASCII.GetString(span[..idEnd]), userId, Encoding.UTF8.GetString(span.Slice(typeStart, typeLength)),
            payload[(typeStart + typeLength + 1)..]);
        return true;
    }

    public Notification ToNotification() =>
        (JsonSerializer.Deserialize<Notification>(Json.Span, NotificationJson.Options)
            ?? throw new InvalidDataException($"Announcement {Id} is empty.")) with { Id = Id };
}
