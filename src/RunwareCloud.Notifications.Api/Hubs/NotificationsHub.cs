using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RunwareCloud.Notifications.Api.Notifications;

namespace RunwareCloud.Notifications.Api.Hubs;

/// <summary>Pushes <c>notification</c> messages to every hub connection of their user.</summary>
[Authorize]
public sealed class NotificationsHub(INotificationLog log, HubPresence presence) : Hub
{
    public const string Path = "/hubs/notifications";
    public const string NotificationMethod = "notification";
    private const int RecentLimit = 200;
    private const string PresenceKey = "notifications:user";

    public static string UserGroup(Guid userId) => $"user:{userId:N}";

    public override async Task OnConnectedAsync()
    {
        var userId = Context.User?.GetUserId() ?? Guid.Empty;
        if (userId == Guid.Empty)
        {
            Context.Abort();
            return;
        }

        // Counted before joining the group, so that no announcement for the user skips this instance once it is joined.
        presence.Connected(userId);
        Context.Items[PresenceKey] = userId;
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(userId));
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(PresenceKey, out var userId) && userId is Guid id)
        {
            presence.Disconnected(id);
        }

        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>The caller's notifications logged after <paramref name="after"/> (a notification id; null for the whole log), so a reconnecting client can fill its gap.</summary>
    public async Task<IReadOnlyList<Notification>> GetRecent(string? after)
    {
        var from = StreamId.Zero;
        if (after is not null && !StreamId.TryParse(after, out from))
        {
            throw new HubException("after must be a notification id (for example 1732238400000-0).");
        }

        return await log.ReadAfterAsync(Context.User!.GetUserId(), from, RecentLimit, Context.ConnectionAborted);
    }
}
