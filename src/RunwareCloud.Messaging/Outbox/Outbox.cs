using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Messaging;

internal sealed class Outbox<TDbContext>(TDbContext db, TimeProvider clock) : IOutbox<TDbContext> where TDbContext : DbContext
{
    public void Publish<T>(T message) where T : class => Stage(message, destination: null, notBefore: null);

    public void Publish<T>(T message, DateTimeOffset notBefore) where T : class => Stage(message, destination: null, notBefore);

    public void Send<T>(T message, Uri destination, DateTimeOffset? notBefore = null) where T : class =>
        Stage(message, destination.ToString(), notBefore);

    private void Stage<T>(T message, string? destination, DateTimeOffset? notBefore) where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        _ = db.QuotedTableName<OutboxMessage>();
        var now = clock.GetUtcNow();
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            MessageType = message.GetType().FullName!,
            Body = OutboxSerializer.Serialize(message),
            Destination = destination,
            Headers = OutboxHeaders.Capture(message),
            CreatedAt = now,
            NotBefore = notBefore ?? now,
        });
    }
}
