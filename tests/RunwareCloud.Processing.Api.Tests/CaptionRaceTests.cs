using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RunwareCloud.Contracts.History;
using RunwareCloud.Jobs;
using RunwareCloud.Processing.Api.Infrastructure;
using RunwareCloud.Processing.Api.Model;

namespace RunwareCloud.Processing.Api.Tests;

/// <summary>
/// A caption is recorded, then marked succeeded in a second step; history's empty AssetsStored for it can arrive in
/// between and must not fail the job.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class CaptionRaceTests(ProcessingApiFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_empty_AssetsStored_for_a_recorded_caption_leaves_it_running_until_its_worker_ends_it()
    {
        var jobId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await WithDbAsync(db =>
        {
            db.Jobs.Add(new ProcessingJob
            {
                Id = jobId, UserId = Guid.NewGuid(), CorrelationId = Guid.NewGuid(), Kind = ProcessingOperations.Caption,
                Status = JobStatus.Running, CreatedAt = now, StartedAt = now, Deadline = now.AddMinutes(5), RequestJson = "{}",
                Input = "asset", OutputsJson = """[{"text":"a lighthouse"}]""", OutputsRecordedAt = now,
            });
            return db.SaveChangesAsync();
        });
        var messageId = NewId.NextGuid();
        var consumed = new ConsumedObserver(messageId);
        using var observing = fixture.Factory.Services.GetRequiredService<IBus>().ConnectConsumeObserver(consumed);

        await fixture.Bus.Publish(new AssetsStored
        {
            JobId = jobId, UserId = Guid.NewGuid(), CorrelationId = Guid.NewGuid(), AssetIds = [], FailedOutputs = [],
            StoredAt = now, Origin = AssetOrigins.Processing,
        }, context => context.MessageId = messageId).WaitAsync(s_timeout);

        await consumed.Done.WaitAsync(s_timeout);
        var job = await WithDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Null(job.ErrorCode);
    }

    /// <summary>Completes once the service's own bus has run its consumers on the message with the given id.</summary>
    private sealed class ConsumedObserver(Guid messageId) : IConsumeObserver
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId == messageId)
            {
                _done.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            if (context.MessageId == messageId)
            {
                _done.TrySetException(exception);
            }

            return Task.CompletedTask;
        }
    }

    private async Task<T> WithDbAsync<T>(Func<ProcessingDbContext, Task<T>> action)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ProcessingDbContext>());
    }
}
