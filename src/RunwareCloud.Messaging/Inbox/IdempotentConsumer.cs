using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace RunwareCloud.Messaging;

/// <summary>
/// A consumer applied once per message id: the inbox row, the consumer's writes and any outbox rows it stages commit in
/// one transaction on <typeparamref name="TDbContext"/>; a redelivered message finds its inbox row and is acknowledged.
/// </summary>
public abstract class IdempotentConsumer<TMessage, TDbContext> : IConsumer<TMessage> where TMessage : class where TDbContext : DbContext
{
    public Task Consume(ConsumeContext<TMessage> context)
    {
        if (!Concerns(context.Message))
        {
            return Task.CompletedTask;
        }

        var db = context.GetPayload<IServiceProvider>().GetRequiredService<TDbContext>();
        return db.ConsumeOnceAsync(context, GetType().FullName!, () => ConsumeOnceAsync(context, db));
    }

    /// <summary>
    /// False for a message this consumer has no business with (another service's job, say): it is acknowledged without a
    /// transaction or an inbox row.
    /// </summary>
    protected virtual bool Concerns(TMessage message) => true;

    /// <summary>Applies the message; runs inside the transaction, and the base saves changes and commits afterwards.</summary>
    protected abstract Task ConsumeOnceAsync(ConsumeContext<TMessage> context, TDbContext db);
}
