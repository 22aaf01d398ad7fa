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
    /// Kinds whose outputs are not files (a caption's text): such a job ends on its own, and history's empty answer for it
    /// must not fail it, however the two race.
    /// </summary>
    protected virtual IReadOnlyList<string> KindsWithoutAssets => [];

    public async Task Consume(ConsumeContext<AssetsStored> context)
    {
        var message = context.Message;
        if (message.Origin is not null && message.Origin != Origin)
        {
            return;
        }

        var cancellationToken = context.CancellationToken;
        var now = clock.GetUtcNow();
        if (message.AssetIds.Count > 0)
        {
            // Without output indexes (an older publisher) the ids follow the outputs in order.
            var outputIndexes = message.OutputIndexes ?? [.. Enumerable.Range(0, message.AssetIds.Count)];
            await store.TrySucceedWithAssetsAsync(message.JobId, message.AssetIds, outputIndexes, KindsWithoutAssets, now, cancellationToken);
            return;
        }

        var job = await store.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == message.JobId, cancellationToken);
        if (job is null || job.Status != JobStatus.Running || job.OutputsRecordedAt is null || KindsWithoutAssets.Contains(job.Kind))
        {
            return;
        }

        job.ErrorCode = StorageFailedCode;
        job.ErrorMessage = "No output could be stored: " + string.Join("; ", message.FailedOutputs);
        await store.TryFailUnstoredAsync(job.Id, job.ErrorCode, job.ErrorMessage, now, CreateFailedMessage(job, now), cancellationToken);
    }
}
