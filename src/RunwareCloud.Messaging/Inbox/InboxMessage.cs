namespace RunwareCloud.Messaging;

/// <summary>Records that a consumer applied a message, in the same transaction as the consumer's own writes.</summary>
public sealed class InboxMessage
{
    public required Guid MessageId { get; init; }

    public required string Consumer { get; init; }

    public required DateTimeOffset ProcessedAt { get; init; }
}
