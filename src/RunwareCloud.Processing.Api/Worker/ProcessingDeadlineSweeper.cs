using RunwareCloud.Contracts.Processing;
using RunwareCloud.Jobs;
using RunwareCloud.Processing.Api.Infrastructure;
using RunwareCloud.Processing.Api.Model;

namespace RunwareCloud.Processing.Api.Worker;

public sealed class ProcessingDeadlineSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ProcessingDeadlineSweeper> logger)
    : DeadlineSweeper<ProcessingDbContext, ProcessingJob>(scopes, clock, logger)
{
    protected override object CreateFailedMessage(ProcessingJob job, DateTimeOffset now) => new ImageProcessingFailed
    {
        JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, Operation = job.Kind,
        ErrorCode = DeadlineExceededCode, ErrorMessage = DeadlineExceededMessage, OrderId = job.OrderId, OrderImageId = job.OrderImageId,
        FailedAt = now,
    };
}
