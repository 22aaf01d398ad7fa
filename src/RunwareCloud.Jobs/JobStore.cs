using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using RunwareCloud.Messaging;

namespace RunwareCloud.Jobs;

/// <summary>
/// Moves jobs between states with a compare-and-set on the current status, in the same transaction as the message that
/// announces the move, so racing workers, cancels and deadline sweeps can never both win.
/// </summary>
public sealed class JobStore<TDbContext, TJob>(TDbContext db, IOutbox<TDbContext> outbox)
    where TDbContext : DbContext
    where TJob : Job
{
    public TDbContext Db => db;

    public IQueryable<TJob> Jobs => db.Set<TJob>();

    public async Task<bool> TryTransitionAsync<TMessage>(
        Guid jobId,
        IReadOnlyCollection<string> fromStatuses,
        Action<UpdateSettersBuilder<TJob>> update,
        TMessage? message,
        CancellationToken cancellationToken,
        bool onlyBeforeOutputs = false)
        where TMessage : class
    {
        var query = db.Set<TJob>().Where(j => j.Id == jobId && fromStatuses.Contains(j.Status));
        if (onlyBeforeOutputs)
        {
            query = query.Where(j => j.OutputsRecordedAt == null);
        }

        if (message is null)
        {
            // One conditional UPDATE is atomic on its own; only a message to stage beside it needs a transaction.
            return await query.ExecuteUpdateAsync(update, cancellationToken) > 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await query.ExecuteUpdateAsync(update, cancellationToken) == 0)
        {
            return false;
        }

        outbox.Publish(message);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Hands a job back to the queue through the outbox when its worker stops mid-job, so another worker picks it up;
    /// it must not depend on the stopping consumer's token.
    /// </summary>
    public async Task RequeueAsync<TMessage>(TMessage message, Uri? destination = null) where TMessage : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        db.ChangeTracker.Clear();
        if (destination is null)
        {
            outbox.Publish(message);
        }
        else
        {
            outbox.Send(message, destination);
        }

        await db.SaveChangesAsync(timeout.Token);
    }

    /// <summary>
    /// Takes a job for a worker. Queued → running is one conditional UPDATE that returns the job, so the usual case costs
    /// one round trip; only when it moves nothing is the job read, to tell a redelivery of a running job (run it again)
    /// from one that ended or already recorded its outputs. Nothing is staged with the start: the worker announces it itself,
    /// as it does progress, because the job's terminal event always follows and supersedes it.
    /// </summary>
    public async Task<JobClaim<TJob>> ClaimAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = await db.Set<TJob>()
            .FromSqlRaw(JobStatements<TJob>.Start(db), JobStatus.Running, now, StartedProgress, jobId, JobStatus.Queued)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (started is [var job])
        {
            return new JobClaim<TJob>(JobClaimOutcome.Started, job);
        }

        var current = await Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        return current switch
        {
            null => new JobClaim<TJob>(JobClaimOutcome.Missing, null),
            { Status: JobStatus.Running, OutputsRecordedAt: null } => new JobClaim<TJob>(JobClaimOutcome.Resumed, current),
            _ => new JobClaim<TJob>(JobClaimOutcome.NotRunnable, current),
        };
    }

    private const int StartedProgress = 5;

    /// <summary>Running → failed after its outputs were recorded: history could keep none of them.</summary>
    public Task<bool> TryFailUnstoredAsync<TMessage>(
        Guid jobId, string outputsJson, string code, string message, DateTimeOffset now, TMessage failed, CancellationToken cancellationToken)
        where TMessage : class =>
        TryTransitionAsync(jobId, [JobStatus.Running],
            set => set.SetProperty(j => j.Status, JobStatus.Failed).SetProperty(j => j.OutputsJson, outputsJson)
                .SetProperty(j => j.CompletedAt, now).SetProperty(j => j.Progress, 100)
                .SetProperty(j => j.ErrorCode, code).SetProperty(j => j.ErrorMessage, message),
            failed, cancellationToken);

    /// <summary>Running → succeeded once history kept the outputs (<paramref name="outputsJson"/> carries their asset ids).</summary>
    public Task<bool> TrySucceedAsync(Guid jobId, string outputsJson, DateTimeOffset now, CancellationToken cancellationToken) =>
        TryTransitionAsync<object>(jobId, [JobStatus.Running],
            set => set.SetProperty(j => j.Status, JobStatus.Succeeded).SetProperty(j => j.OutputsJson, outputsJson)
                .SetProperty(j => j.CompletedAt, now).SetProperty(j => j.Progress, 100),
            null, cancellationToken);

    public Task<bool> TryFailAsync<TMessage>(Guid jobId, string code, string message, DateTimeOffset now, TMessage failed, CancellationToken cancellationToken)
        where TMessage : class =>
        TryTransitionAsync(jobId, [JobStatus.Queued, JobStatus.Running],
            set => set.SetProperty(j => j.Status, JobStatus.Failed).SetProperty(j => j.CompletedAt, now)
                .SetProperty(j => j.ErrorCode, code).SetProperty(j => j.ErrorMessage, message),
            failed, cancellationToken, onlyBeforeOutputs: true);

    public Task<bool> TryCancelAsync<TMessage>(Guid jobId, DateTimeOffset now, TMessage canceled, CancellationToken cancellationToken)
        where TMessage : class =>
        TryTransitionAsync(jobId, [JobStatus.Queued, JobStatus.Running],
            set => set.SetProperty(j => j.Status, JobStatus.Canceled).SetProperty(j => j.CompletedAt, now),
            canceled, cancellationToken);

    public Task<bool> TryRecordOutputsAsync<TMessage>(
        Guid jobId, string outputsJson, decimal? cost, DateTimeOffset now, TMessage succeeded, CancellationToken cancellationToken)
        where TMessage : class =>
        TryTransitionAsync(jobId, [JobStatus.Running],
            set => set.SetProperty(j => j.OutputsJson, outputsJson).SetProperty(j => j.OutputsRecordedAt, now)
                .SetProperty(j => j.Cost, cost).SetProperty(j => j.Progress, 90),
            succeeded, cancellationToken, onlyBeforeOutputs: true);
}
