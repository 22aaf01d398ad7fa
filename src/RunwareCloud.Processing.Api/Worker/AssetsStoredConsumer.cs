using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.Jobs;
using RunwareCloud.Messaging;
using RunwareCloud.Processing.Api.Infrastructure;

namespace RunwareCloud.Processing.Api.Worker;

/// <summary>History kept the output: the job now succeeds with its asset id (or fails if it could not be kept).</summary>
public sealed class AssetsStoredConsumer(IOutbox<ProcessingDbContext> outbox, TimeProvider clock)
    : IdempotentConsumer<AssetsStored, ProcessingDbContext>
{
    protected override async Task ConsumeOnceAsync(ConsumeContext<AssetsStored> context, ProcessingDbContext db)
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
        job.ErrorMessage = "The output could not be stored: " + string.Join("; ", message.FailedOutputs);
        outbox.Publish(new ImageProcessingFailed
        {
            JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, Operation = job.Kind, ErrorCode = job.ErrorCode,
            ErrorMessage = job.ErrorMessage, OrderId = job.OrderId, OrderImageId = job.OrderImageId, FailedAt = now,
        });
    }
}
