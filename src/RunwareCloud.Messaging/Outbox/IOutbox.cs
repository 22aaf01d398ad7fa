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
}
