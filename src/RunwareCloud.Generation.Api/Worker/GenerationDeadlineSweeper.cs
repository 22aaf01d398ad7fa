using RunwareCloud.Contracts.Generation;
using RunwareCloud.Generation.Api.Infrastructure;
using RunwareCloud.Generation.Api.Model;
using RunwareCloud.Jobs;

namespace RunwareCloud.Generation.Api.Worker;

public sealed class GenerationDeadlineSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<GenerationDeadlineSweeper> logger)
    : DeadlineSweeper<GenerationDbContext, GenerationJob>(scopes, clock, logger)
{
    protected override object CreateFailedMessage(GenerationJob job, DateTimeOffset now) => new GenerationFailed
    {
        JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId,
        ErrorCode = DeadlineExceededCode, ErrorMessage = DeadlineExceededMessage, FailedAt = now,
    };
}
