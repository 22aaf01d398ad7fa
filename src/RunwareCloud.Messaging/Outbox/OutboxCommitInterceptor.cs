using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace RunwareCloud.Messaging;

/// <summary>
/// Hands staged outbox rows on once they are committed, after SaveChanges or after the explicit transaction around it:
/// rows to publish now go to the dispatcher; any other row (one staged to be published later) wakes the relay.
/// Rows saved in a transaction that never commits are never handed on.
/// </summary>
public sealed class OutboxCommitInterceptor<TDbContext> : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TDbContext : DbContext
{
    private static readonly ConditionalWeakTable<DbContext, List<OutboxMessage>> s_saving = [];
    // Keyed by the provider's transaction object, which Npgsql reuses for the next transaction on the same connection: the
    // EF transaction id tells a commit of the transaction that saved the rows from a later one's.
    private static readonly ConditionalWeakTable<DbTransaction, Uncommitted> s_uncommitted = [];
    private readonly OutboxSignal<TDbContext> _signal;
    private readonly OutboxDispatcher<TDbContext> _dispatcher;

    internal OutboxCommitInterceptor(OutboxSignal<TDbContext> signal, OutboxDispatcher<TDbContext> dispatcher)
    {
        _signal = signal;
        _dispatcher = dispatcher;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        CollectStaged(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        CollectStaged(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction, eventData.TransactionId);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction, eventData.TransactionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        s_uncommitted.Remove(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => s_uncommitted.Remove(transaction);

    private static void CollectStaged(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        List<OutboxMessage>? staged = null;
        foreach (var entry in context.ChangeTracker.Entries<OutboxMessage>())
        {
            if (entry.State == EntityState.Added)
            {
                (staged ??= []).Add(entry.Entity);
            }
        }

        if (staged is not null)
        {
            s_saving.AddOrUpdate(context, staged);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !s_saving.TryGetValue(context, out var saved))
        {
            return;
        }

        s_saving.Remove(context);
        if (context.Database.CurrentTransaction is { } current)
        {
            var transaction = current.GetDbTransaction();
            if (!s_uncommitted.TryGetValue(transaction, out var uncommitted) || uncommitted.TransactionId != current.TransactionId)
            {
                s_uncommitted.AddOrUpdate(transaction, uncommitted = new Uncommitted(current.TransactionId));
            }

            uncommitted.Rows.AddRange(saved);
            return;
        }

        HandOn(saved);
    }

    private void Committed(DbTransaction transaction, Guid transactionId)
    {
        if (s_uncommitted.TryGetValue(transaction, out var uncommitted))
        {
            s_uncommitted.Remove(transaction);
            if (uncommitted.TransactionId == transactionId)
            {
                HandOn(uncommitted.Rows);
            }
        }
    }

    private static void Forget(DbContext? context)
    {
        if (context is not null)
        {
            s_saving.Remove(context);
        }
    }

    private sealed record Uncommitted(Guid TransactionId)
    {
        public List<OutboxMessage> Rows { get; } = [];
    }

    private void HandOn(List<OutboxMessage> committed)
    {
        _dispatcher.Dispatch(committed.Where(row => row.DispatchOnCommit));
        if (committed.Any(row => !row.DispatchOnCommit))
        {
            _signal.Notify();
        }
    }
}
