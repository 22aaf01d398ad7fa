using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Messaging;

/// <summary>
/// Stages outgoing messages on <typeparamref name="TDbContext"/>: the next SaveChanges (or the surrounding transaction)
/// commits them with the business change, and the relay publishes them after commit, at least once.
/// </summary>
public interface IOutbox<TDbContext> where TDbContext : DbContext
{
    /// <summary>Publishes <paramref name="message"/> to its subscribers once the current unit of work commits.</summary>
    void Publish<T>(T message) where T : class;

    /// <summary>Publishes no earlier than <paramref name="notBefore"/>: a durable delay for redelivery or scheduling.</summary>
    void Publish<T>(T message, DateTimeOffset notBefore) where T : class;

    /// <summary>Sends a command to one endpoint (<c>queue:process-image</c> or a full URI) once the unit of work commits.</summary>
    void Send<T>(T message, Uri destination, DateTimeOffset? notBefore = null) where T : class;

    /// <summary>
    /// Runs <paramref name="statement"/>, one SQL <c>INSERT</c>, <c>UPDATE</c> or <c>DELETE</c> without a RETURNING clause
    /// (<paramref name="parameters"/> as <c>{0}</c>, <c>{1}</c>, …), and in the same statement stages <paramref name="message"/>
    /// for publishing (once) if it changed a row: a conditional state change and its announcement in one round trip, with no
    /// transaction to open. True when it changed a row. Not for use inside an open transaction.
    /// </summary>
    Task<bool> PublishIfChangedAsync<T>(string statement, object?[] parameters, T message, CancellationToken cancellationToken) where T : class;

    /// <summary>As <see cref="PublishIfChangedAsync{T}"/>, for a command sent to one endpoint (see <see cref="Send{T}"/>).</summary>
    Task<bool> SendIfChangedAsync<T>(string statement, object?[] parameters, T message, Uri destination, CancellationToken cancellationToken)
        where T : class;
}
