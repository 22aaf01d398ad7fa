using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.History;

namespace RunwareCloud.Jobs;

/// <summary>
/// History kept a job's outputs: the job now succeeds with their asset ids, or fails when none could be kept.
/// Each job service names only the failure event it announces. No inbox row is needed: both moves are compare-and-sets
/// from <c>running</c>, so a redelivery (or a cancel that won the race) changes nothing and announces nothing.
/// </summary>
public abstract class JobAssetsStoredConsumer<TDbContext, TJob>(JobStore<TDbContext, TJob> store, TimeProvider clock)
    : IConsumer<AssetsStored>
    where TDbContext : DbContext
    where TJob : Job
{
    public const string StorageFailedCode = "storageFailed";

    protected abstract object CreateFailedMessage(TJob job, DateTimeOffset now);

    /// <summary>The <see cref="AssetOrigins"/> value of this service's jobs.</summary>
    protected abstract string Origin { get; }

    /// <summary>
    /// False for a job whose outputs are not files (a caption's text): it ends on its own, and history's empty answer for
    /// it must not fail it, however the two race.
    /// </summary>
    protected virtual bool StoresAssets(TJob job) => true;

    public async Task Consume(ConsumeContext<AssetsStored> context)
    {
        var message = context.Message;
        if (message.Origin is not null && message.Origin != Origin)
        {
            return;
        }

        var cancellationToken = context.CancellationToken;
        var job = await store.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == message.JobId, cancellationToken);
        if (job is null || job.Status != JobStatus.Running || job.OutputsRecordedAt is null || !StoresAssets(job))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var outputsJson = JobViews.AttachAssets(job.OutputsJson, message.AssetIds, message.OutputIndexes);
        if (message.AssetIds.Count > 0)
        {
            await store.TrySucceedAsync(job.Id, outputsJson, now, cancellationToken);
            return;
        }

        job.ErrorCode = StorageFailedCode;
        job.ErrorMessage = "No output could be stored: " + string.Join("; ", message.FailedOutputs);
        await store.TryFailUnstoredAsync(job.Id, outputsJson, job.ErrorCode, job.ErrorMessage, now, CreateFailedMessage(job, now), cancellationToken);
    }
}
