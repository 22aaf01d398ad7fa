using System.Threading.Channels;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Messaging;

/// <summary>
/// Publishes an outbox row from the process that committed it, right after the commit, then marks it published: a message
/// does not wait for the relay to wake and claim it, and no claim transaction is spent on it. Such a row is written with a
/// lease (its not-before lies <see cref="OutboxOptions.DispatchLease"/> ahead), so should this process die before the
/// broker confirms it, the relay publishes it once the lease ends; a failed publish hands it to the relay at once.
/// </summary>
internal sealed partial class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IBusControl bus,
    OutboxSignal<TDbContext> signal,
    IOptionsMonitor<OutboxOptions> optionsMonitor,
    TimeProvider clock,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService where TDbContext : DbContext
{
    private readonly Channel<(Guid Id, string? Error)> _settled = Channel.CreateUnbounded<(Guid, string?)>(new UnboundedChannelOptions
    {
        SingleReader = true,
    });

    private readonly CancellationTokenSource _stopping = new();

    private OutboxOptions Options => optionsMonitor.Get(typeof(TDbContext).FullName);

    /// <summary>Rows of a transaction that has committed.</summary>
    public void Dispatch(IEnumerable<OutboxMessage> committed)
    {
        foreach (var row in committed)
        {
            _ = PublishAsync(row);
        }
    }

    private async Task PublishAsync(OutboxMessage row)
    {
        string? error;
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        if (bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            error = "the bus is not connected";
        }
        else
        {
            try
            {
                error = await OutboxPublishing.PublishAsync(bus, row, Options.DispatchLease / 2, "outbox dispatch", _stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
        }

        _settled.Writer.TryWrite((row.Id, error));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _settled.Reader.WaitToReadAsync(stoppingToken))
            {
                // Marks are on no message's path (the lease is seconds): gathered for a moment, many take one statement.
                await Task.Delay(Options.DispatchMarkDelay, stoppingToken);
                await RecordSettledAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // What was published before the stop is still marked, so that the relay does not publish it again.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await RecordSettledAsync(timeout.Token);
    }

    private async Task RecordSettledAsync(CancellationToken cancellationToken)
    {
        var published = new List<Guid>();
        var released = new List<Guid>();
        while (_settled.Reader.TryRead(out var settled))
        {
            if (settled.Error is null)
            {
                published.Add(settled.Id);
            }
            else
            {
                released.Add(settled.Id);
                LogHandedToRelay(logger, settled.Id, settled.Error);
            }
        }

        if (published.Count > 0 || released.Count > 0)
        {
            await RecordAsync(published, released, cancellationToken);
        }
    }

    private async Task RecordAsync(List<Guid> published, List<Guid> released, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            var table = db.QuotedTableName<OutboxMessage>();
            var now = clock.GetUtcNow();
            var markPublished = $"UPDATE {table} SET published_at = {{0}} WHERE id = ANY({{1}}) AND published_at IS NULL";
            var hand = $"UPDATE {table} SET not_before = {{0}} WHERE id = ANY({{1}}) AND published_at IS NULL";
            if (published.Count > 0)
            {
                await db.Database.ExecuteSqlRawAsync(markPublished, [now, published.ToArray()], cancellationToken);
            }

            if (released.Count > 0)
            {
                await db.Database.ExecuteSqlRawAsync(hand, [now, released.ToArray()], cancellationToken);
                signal.Notify();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Unmarked rows stay leased: the relay publishes them again when the lease ends, and consumers drop the repeat.
            LogRecordFailed(logger, exception, typeof(TDbContext).Name);
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return base.StopAsync(cancellationToken);
    }

    // Not disposed: the container disposes this instance twice (as itself and as a hosted service), and it owns no timer.
    public override void Dispose()
    {
        base.Dispose();
        _stopping.Cancel();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {MessageId} not published on commit ({Error}); the relay takes it")]
    private static partial void LogHandedToRelay(ILogger logger, Guid messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record dispatched outbox messages of {DbContext}; the relay publishes them when their lease ends")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string dbContext);
}
