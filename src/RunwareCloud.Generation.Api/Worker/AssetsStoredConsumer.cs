using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Contracts.History;
using RunwareCloud.Generation.Api.Infrastructure;
using RunwareCloud.Jobs;
using RunwareCloud.Messaging;

namespace RunwareCloud.Generation.Api.Worker;

/// <summary>History kept the outputs: the job now succeeds with asset ids (or fails if none could be kept).</summary>
public sealed class AssetsStoredConsumer(IOutbox<GenerationDbContext> outbox, TimeProvider clock)
    : IdempotentConsumer<AssetsStored, GenerationDbContext>
{
    protected override async Task ConsumeOnceAsync(ConsumeContext<AssetsStored> context, GenerationDbContext db)
    {
        var message = context.Message;
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == message.JobId, context.CancellationToken);
        if (job is null || job.Status != JobStatus.Running || job.OutputsRecordedAt is null)
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
        job.ErrorCode = "storageFailed";
        job.ErrorMessage = "None of the outputs could be stored: " + string.Join("; ", message.FailedOutputs);
        outbox.Publish(new GenerationFailed
        {
            JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, ErrorCode = job.ErrorCode,
            ErrorMessage = job.ErrorMessage, FailedAt = now,
        });
    }
}
