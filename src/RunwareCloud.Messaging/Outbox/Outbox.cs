using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Messaging;

internal sealed class Outbox<TDbContext>(
    TDbContext db, OutboxDispatcher<TDbContext> dispatcher, IOptionsMonitor<OutboxOptions> options, TimeProvider clock) : IOutbox<TDbContext>
    where TDbContext : DbContext
{
    public void Publish<T>(T message) where T : class => db.Set<OutboxMessage>().Add(Stage(message, destination: null, notBefore: null));

    public void Publish<T>(T message, DateTimeOffset notBefore) where T : class => db.Set<OutboxMessage>().Add(Stage(message, destination: null, notBefore));

    public void Send<T>(T message, Uri destination, DateTimeOffset? notBefore = null) where T : class =>
        db.Set<OutboxMessage>().Add(Stage(message, destination.ToString(), notBefore));

    public Task<bool> PublishIfChangedAsync<T>(string statement, object?[] parameters, T message, CancellationToken cancellationToken)
        where T : class =>
        StageIfChangedAsync(statement, parameters, message, destination: null, cancellationToken);

    public Task<bool> SendIfChangedAsync<T>(string statement, object?[] parameters, T message, Uri destination, CancellationToken cancellationToken)
        where T : class =>
        StageIfChangedAsync(statement, parameters, message, destination.ToString(), cancellationToken);

    private async Task<bool> StageIfChangedAsync<T>(string statement, object?[] parameters, T message, string? destination, CancellationToken cancellationToken)
        where T : class
    {
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException($"{nameof(PublishIfChangedAsync)} is its own unit of work; use Publish inside a transaction.");
        }

        var row = Stage(message, destination, notBefore: null);
        var first = parameters.Length;
        var sql = $"WITH changed AS ({statement} RETURNING 1) " +
                  $"INSERT INTO {db.QuotedTableName<OutboxMessage>()} (id, message_type, body, destination, headers, created_at, not_before, attempts) " +
                  $"SELECT {{{first}}}, {{{first + 1}}}, {{{first + 2}}}::jsonb, {{{first + 3}}}, {{{first + 4}}}::jsonb, {{{first + 5}}}, {{{first + 6}}}, 0 FROM changed LIMIT 1";
        object?[] all = [.. parameters, row.Id, row.MessageType, row.Body, row.Destination, row.Headers, row.CreatedAt, row.NotBefore];
        if (await db.Database.ExecuteSqlRawAsync(sql, all!, cancellationToken) == 0)
        {
            return false;
        }

        dispatcher.Dispatch([row]);
        return true;
    }

    private OutboxMessage Stage<T>(T message, string? destination, DateTimeOffset? notBefore) where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        _ = db.QuotedTableName<OutboxMessage>();
        var now = clock.GetUtcNow();
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            MessageType = message.GetType().FullName!,
            Body = OutboxSerializer.Serialize(message),
            Destination = destination,
            Headers = OutboxHeaders.Capture(message),
            CreatedAt = now,
            NotBefore = notBefore ?? now + options.Get(typeof(TDbContext).FullName).DispatchLease,
            Staged = message,
            DispatchOnCommit = notBefore is null,
        };
    }
}
