using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RunwareCloud.Jobs;

/// <summary>Fails jobs whose deadline passed while nobody finished them (a lost worker, a stuck queue).</summary>
public abstract class DeadlineSweeper<TDbContext, TJob>(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
    where TDbContext : DbContext
    where TJob : Job
{
    public const string DeadlineExceededCode = "deadlineExceeded";
    public const string DeadlineExceededMessage = "The job did not finish before its deadline.";
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(2);

    protected abstract object CreateFailedMessage(TJob job, DateTimeOffset now);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Deadline sweep failed; retrying on the next tick");
            }
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<JobStore<TDbContext, TJob>>();
        var now = clock.GetUtcNow();
        var overdue = await store.Jobs.AsNoTracking()
            .Where(j => (j.Status == JobStatus.Queued || j.Status == JobStatus.Running) && j.Deadline < now)
            .Take(100)
            .ToListAsync(cancellationToken);
        foreach (var job in overdue)
        {
            await store.TryFailAsync(job.Id, DeadlineExceededCode, DeadlineExceededMessage, now, CreateFailedMessage(job, now), cancellationToken);
        }
    }
}
