using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.History;
using RunwareCloud.Messaging;

namespace RunwareCloud.Jobs;

/// <summary>
/// History kept a job's outputs: the job now succeeds with their asset ids, or fails when none could be kept.
/// Each job service names only the failure event it announces.
/// </summary>
public abstract class JobAssetsStoredConsumer<TDbContext, TJob>(IOutbox<TDbContext> outbox, TimeProvider clock)
    : IdempotentConsumer<AssetsStored, TDbContext>
    where TDbContext : DbContext
    where TJob : Job
{
    public const string StorageFailedCode = "storageFailed";

    protected abstract object CreateFailedMessage(TJob job, DateTimeOffset now);

    /// <summary>The <see cref="AssetOrigins"/> value of this service's jobs.</summary>
    protected abstract string Origin { get; }

    protected override bool Concerns(AssetsStored message) => message.Origin is null || message.Origin == Origin;

    /// <summary>
    /// False for a job whose outputs are not files (a caption's text): it ends on its own, and history's empty answer for
    /// it must not fail it, however the two race.
    /// </summary>
    protected virtual bool StoresAssets(TJob job) => true;

    protected override async Task ConsumeOnceAsync(ConsumeContext<AssetsStored> context, TDbContext db)
    {
        var message = context.Message;
        var job = await db.Set<TJob>().FirstOrDefaultAsync(j => j.Id == message.JobId, context.CancellationToken);
        if (job is null || job.Status != JobStatus.Running || job.OutputsRecordedAt is null || !StoresAssets(job))
        {
            return;
        }

        var now = clock.GetUtcNow();
        job.OutputsJson = JobViews.AttachAssets(job.OutputsJson, message.AssetIds);
        job.CompletedAt = now;
        job.Progress = 100;
        if (message.AssetIds.Count > 0)
        {
            job.Status = JobStatus.Succeeded;
            return;
        }

        job.Status = JobStatus.Failed;
        job.ErrorCode = StorageFailedCode;
        job.ErrorMessage = "No output could be stored: " + string.Join("; ", message.FailedOutputs);
        outbox.Publish(CreateFailedMessage(job, now));
    }
}
