namespace RunwareCloud.Messaging;

/// <summary>A message staged in the service's own database, published by the relay after the transaction commits.</summary>
public sealed class OutboxMessage
{
    /// <summary>Also the MassTransit MessageId, so consumer inboxes drop re-publishes.</summary>
    public required Guid Id { get; init; }

    /// <summary>The message's .NET full type name.</summary>
    public required string MessageType { get; init; }

    public required string Body { get; init; }

    /// <summary>Null to publish; otherwise the send-to address (<c>queue:process-image</c>).</summary>
    public string? Destination { get; init; }

    /// <summary>JSON object: <c>traceparent</c>, <c>tracestate</c>, <c>correlationId</c>.</summary>
    public required string Headers { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset NotBefore { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>
    /// In memory only (not mapped): the message object this row was staged from, published as is by the process that
    /// committed it.
    /// </summary>
    internal object? Staged { get; init; }

    /// <summary>In memory only: the committing process publishes the row right after the commit (its not-before is a lease).</summary>
    internal bool DispatchOnCommit { get; init; }
}
