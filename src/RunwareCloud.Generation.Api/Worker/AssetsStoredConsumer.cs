using RunwareCloud.Contracts.Generation;
using RunwareCloud.Contracts.History;
using RunwareCloud.Generation.Api.Infrastructure;
using RunwareCloud.Generation.Api.Model;
using RunwareCloud.Jobs;
using RunwareCloud.Messaging;

namespace RunwareCloud.Generation.Api.Worker;

public sealed class AssetsStoredConsumer(GenerationJobStore store, TimeProvider clock)
    : JobAssetsStoredConsumer<GenerationDbContext, GenerationJob>(store, clock)
{
    protected override string Origin => AssetOrigins.Generation;

    protected override object CreateFailedMessage(GenerationJob job, DateTimeOffset now) => new GenerationFailed
    {
        JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, ErrorCode = job.ErrorCode!,
        ErrorMessage = job.ErrorMessage!, FailedAt = now,
    };
}
