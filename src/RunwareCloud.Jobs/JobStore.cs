using Microsoft.EntityFrameworkCore;
using RunwareCloud.Messaging;

namespace RunwareCloud.Jobs;

/// <summary>
/// Moves jobs between states with a compare-and-set on the current status, in the same statement as the message that
/// announces the move, so racing workers, cancels and deadline sweeps can never both win.
/// </summary>
public sealed class JobStore<TDbContext, TJob>(TDbContext db, IOutbox<TDbContext> outbox)
    where TDbContext : DbContext
    where TJob : Job
{
    private const int StartedProgress = 5;

    public TDbContext Db => db;

    public IQueryable<TJob> Jobs => db.Set<TJob>();

    /// <summary>
    /// One conditional UPDATE, atomic on its own; with a <paramref name="message"/>, the same statement stages it in the
    /// outbox when the job moved, so the move and its announcement commit together in one round trip.
    /// </summary>
    private async Task<bool> TryTransitionAsync(
        Guid jobId,
        string[] fromStatuses,
        IReadOnlyList<(string Property, object? Value)> changes,
        object? message,
        CancellationToken cancellationToken,
        bool onlyBeforeOutputs = false)
    {
        var (sql, parameters) = JobStatements<TJob>.Transition(db, jobId, fromStatuses, changes, onlyBeforeOutputs);
        return message is null
            ? await db.Database.ExecuteSqlRawAsync(sql, parameters!, cancellationToken) > 0
            : await outbox.PublishIfChangedAsync(sql, parameters, message, cancellationToken);
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

    /// <summary>Running → failed after its outputs were recorded: history could keep none of them.</summary>
    public Task<bool> TryFailUnstoredAsync<TMessage>(
        Guid jobId, string code, string message, DateTimeOffset now, TMessage failed, CancellationToken cancellationToken)
        where TMessage : class =>
        TryTransitionAsync(jobId, [JobStatus.Running],
            [
                (nameof(Job.Status), JobStatus.Failed), (nameof(Job.CompletedAt), now), (nameof(Job.Progress), 100),
                (nameof(Job.ErrorCode), code), (nameof(Job.ErrorMessage), message),
            ],
            failed, cancellationToken);

    /// <summary>
    /// Inserts a new job and stages the message that requests it (published, or sent to <paramref name="destination"/>) in
    /// one statement: no transaction to open, one round trip.
    /// </summary>
    public async Task CreateAsync<TMessage>(TJob job, TMessage requested, Uri? destination, CancellationToken cancellationToken)
        where TMessage : class
    {
        var (sql, parameters) = JobStatements<TJob>.Insert(db, job);
        _ = destination is null
            ? await outbox.PublishIfChangedAsync(sql, parameters, requested, cancellationToken)
            : await outbox.SendIfChangedAsync(sql, parameters, requested, destination, cancellationToken);
    }

    /// <summary>
    /// Running → succeeded once history kept outputs: each of <paramref name="assetIds"/> goes on the output at the same place
    /// in <paramref name="outputIndexes"/>. Not for a job whose kind is in <paramref name="kindsWithoutAssets"/>, or whose
    /// outputs are not recorded yet. True when the job moved.
    /// </summary>
    public async Task<bool> TrySucceedWithAssetsAsync(Guid jobId, IReadOnlyList<Guid> assetIds, IReadOnlyList<int> outputIndexes,
        IReadOnlyList<string> kindsWithoutAssets, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync(JobStatements<TJob>.SucceedWithAssets(db),
            [JobStatus.Succeeded, now, 100, assetIds.ToArray(), outputIndexes.ToArray(), jobId, JobStatus.Running, kindsWithoutAssets.ToArray()],
            cancellationToken) > 0;

    public Task<bool> TryFailAsync<TMessage>(Guid jobId, string code, string message, DateTimeOffset now, TMessage failed, CancellationToken cancellationToken)
        where TMessage : class =>
        TryTransitionAsync(jobId, [JobStatus.Queued, JobStatus.Running],
            [
                (nameof(Job.Status), JobStatus.Failed), (nameof(Job.CompletedAt), now), (nameof(Job.ErrorCode), code),
                (nameof(Job.ErrorMessage), message),
            ],
            failed, cancellationToken, onlyBeforeOutputs: true);

    public Task<bool> TryCancelAsync<TMessage>(Guid jobId, DateTimeOffset now, TMessage canceled, CancellationToken cancellationToken)
        where TMessage : class =>
        TryTransitionAsync(jobId, [JobStatus.Queued, JobStatus.Running],
            [(nameof(Job.Status), JobStatus.Canceled), (nameof(Job.CompletedAt), now)],
            canceled, cancellationToken);

    public Task<bool> TryRecordOutputsAsync<TMessage>(
        Guid jobId, string outputsJson, decimal? cost, DateTimeOffset now, TMessage succeeded, CancellationToken cancellationToken)
        where TMessage : class =>
        TryTransitionAsync(jobId, [JobStatus.Running],
            [
                (nameof(Job.OutputsJson), outputsJson), (nameof(Job.OutputsRecordedAt), now), (nameof(Job.Cost), cost),
                (nameof(Job.Progress), 90),
            ],
            succeeded, cancellationToken, onlyBeforeOutputs: true);
}
