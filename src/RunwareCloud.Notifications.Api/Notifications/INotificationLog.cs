namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>A logged notification, and whether its user may have webhook subscriptions to deliver it to.</summary>
public sealed record AppendedNotification(Notification Notification, bool UserHasWebhooks);

/// <summary>Each user's short replay log, shared by every instance; appending also announces the entry to every instance.</summary>
public interface INotificationLog
{
    /// <summary>
    /// Logs and announces a notification once per <paramref name="deduplicationId"/> (the bus message id) and returns it with
    /// its log id; for a message logged before (a redelivery) nothing is logged again and the first id is returned. In the
    /// same round trip it tells whether the user is in the webhook user index.
    /// </summary>
    Task<AppendedNotification> AppendAsync(string deduplicationId, Notification notification, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> notifications of a user logged after <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<Notification>> ReadAfterAsync(Guid userId, StreamId after, int count, CancellationToken cancellationToken);

    /// <summary>The id of the user's newest notification, or <see cref="StreamId.Zero"/> when the log is empty.</summary>
    Task<StreamId> GetLatestIdAsync(Guid userId, CancellationToken cancellationToken);
}
