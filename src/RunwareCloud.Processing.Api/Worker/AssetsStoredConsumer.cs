using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.Jobs;
using RunwareCloud.Messaging;
using RunwareCloud.Processing.Api.Infrastructure;
using RunwareCloud.Processing.Api.Model;

namespace RunwareCloud.Processing.Api.Worker;

public sealed class AssetsStoredConsumer(ProcessingJobStore store, TimeProvider clock)
    : JobAssetsStoredConsumer<ProcessingDbContext, ProcessingJob>(store, clock)
{
    protected override string Origin => AssetOrigins.Processing;

    protected override IReadOnlyList<string> KindsWithoutAssets { get; } = [ProcessingOperations.Caption];

    protected override object CreateFailedMessage(ProcessingJob job, DateTimeOffset now) => new ImageProcessingFailed
    {
        JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, Operation = job.Kind, ErrorCode = job.ErrorCode!,
        ErrorMessage = job.ErrorMessage!, OrderId = job.OrderId, OrderImageId = job.OrderImageId, FailedAt = now,
    };
}
