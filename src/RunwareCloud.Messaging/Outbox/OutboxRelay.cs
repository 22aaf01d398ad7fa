using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Messaging;

/// <summary>
/// Publishes committed outbox rows of <typeparamref name="TDbContext"/>: woken by each commit that staged rows and on a
/// poll interval (rows left by a crashed process, delayed rows). Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>,
/// so any number of instances can relay the same table.
/// </summary>
internal sealed partial class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes,
    IBusControl bus,
    OutboxSignal<TDbContext> signal,
    IOptionsMonitor<OutboxOptions> optionsMonitor,
    TimeProvider clock,
    ILogger<OutboxRelay<TDbContext>> logger) : BackgroundService where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var options = optionsMonitor.Get(typeof(TDbContext).FullName);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.RelayConcurrency))
            .Select(loop => RelayLoopAsync(options, cleans: loop == 0, stoppingToken)));
    }

    private async Task RelayLoopAsync(OutboxOptions options, bool cleans, CancellationToken stoppingToken)
    {
        var nextCleanup = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RelayBatchAsync(options, stoppingToken) is var (claimed, published) && claimed == options.BatchSize && published > 0)
                {
                }

                if (cleans && clock.GetUtcNow() >= nextCleanup)
                {
                    await DeletePublishedAsync(options, stoppingToken);
                    nextCleanup = clock.GetUtcNow() + options.CleanupInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogRelayFailed(logger, exception, typeof(TDbContext).Name);
            }

            await signal.WaitAsync(options.PollInterval, stoppingToken);
        }
    }

    private async Task<(int Claimed, int Published)> RelayBatchAsync(OutboxOptions options, CancellationToken cancellationToken)
    {
        // Until every receive endpoint is bound (start-up, broker reconnect) a publish could reach an exchange with no queue
        // yet and vanish, or just time out; the rows wait for the next signal or poll instead.
        if (bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            return (0, 0);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var table = db.QuotedTableName<OutboxMessage>();
        // Claimed and marked published in one statement: the mark is seen only when the transaction commits, after the
        // publishes, and a row whose publish failed is put back first. A crash before the commit leaves every row unmarked.
        var claim = $"UPDATE {table} SET published_at = {{0}} WHERE id IN (SELECT id FROM {table} WHERE published_at IS NULL " +
                    $"AND not_before <= {{0}} ORDER BY not_before LIMIT {{1}} FOR UPDATE SKIP LOCKED) RETURNING *";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var rows = await db.Set<OutboxMessage>()
            .FromSqlRaw(claim, now, options.BatchSize)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return (0, 0);
        }

        // A full batch may have more rows behind it: wake an idle loop to claim them while this one waits on the broker.
        if (rows.Count == options.BatchSize)
        {
            signal.Notify();
        }

        // RETURNING keeps no order; publishes start in staging order.
        rows.Sort((a, b) => a.NotBefore != b.NotBefore ? a.NotBefore.CompareTo(b.NotBefore) : a.Id.CompareTo(b.Id));
        var errors = await Task.WhenAll(rows.Select(row => OutboxPublishing.PublishAsync(bus, row, options.PublishTimeout, "outbox relay", cancellationToken)));

        var failedAt = clock.GetUtcNow();
        var published = 0;
        for (var index = 0; index < rows.Count; index++)
        {
            if (errors[index] is not { } error)
            {
                published++;
                continue;
            }

            var row = rows[index];
            var attempts = row.Attempts + 1;
            var retryAt = failedAt + RetryDelay(options, attempts);
            await db.Set<OutboxMessage>().Where(candidate => candidate.Id == row.Id)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(candidate => candidate.PublishedAt, (DateTimeOffset?)null)
                    .SetProperty(candidate => candidate.Attempts, attempts)
                    .SetProperty(candidate => candidate.LastError, error)
                    .SetProperty(candidate => candidate.NotBefore, retryAt), cancellationToken);
            LogPublishFailed(logger, row.Id, row.MessageType, attempts, error);
        }

        await transaction.CommitAsync(cancellationToken);
        return (rows.Count, published);
    }

    private static TimeSpan RetryDelay(OutboxOptions options, int attempts)
    {
        var delay = options.MinRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    private async Task DeletePublishedAsync(OutboxOptions options, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        // Row ids are version 7 UUIDs of their staging time, so the primary key finds old rows without another index.
        var delete = $"DELETE FROM {db.QuotedTableName<OutboxMessage>()} WHERE id < {{0}} AND published_at IS NOT NULL";
        await db.Database.ExecuteSqlRawAsync(delete, [Guid.CreateVersion7(clock.GetUtcNow() - options.Retention)], cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay for {DbContext} failed; retrying on the next poll")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, string dbContext);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({MessageType}) not published, attempt {Attempts}: {Error}")]
    private static partial void LogPublishFailed(ILogger logger, Guid messageId, string messageType, int attempts, string error);
}
