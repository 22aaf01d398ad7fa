using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Generation.Api.Apis;
using RunwareCloud.Generation.Api.Model;
using RunwareCloud.Jobs;

namespace RunwareCloud.Generation.Api.Worker;

/// <summary>
/// Runs one generation job. Redelivery after a crash re-runs the job; the compare-and-set on "outputs not yet recorded"
/// makes sure only one run's outputs and one <see cref="GenerationSucceeded"/> ever leave the service.
/// </summary>
public sealed class GenerationRequestedConsumer(
    GenerationJobStore store,
    IGenerationEngine engine,
    TimeProvider clock,
    WorkerStopping workerStopping,
    ILogger<GenerationRequestedConsumer> logger) : IConsumer<GenerationRequested>
{
    public const int MaxTransientAttempts = 3;

    public Task Consume(ConsumeContext<GenerationRequested> context) =>
        workerStopping.RunOrHandBackAsync(context, token => RunJobAsync(context, token), () =>
        {
            logger.LogInformation("Worker stopping; generation {JobId} goes back to the queue", context.Message.JobId);
            return store.RequeueAsync(context.Message);
        });

    private async Task RunJobAsync(ConsumeContext<GenerationRequested> context, CancellationToken cancellationToken)
    {
        var claim = await store.ClaimAsync(context.Message.JobId, clock.GetUtcNow(), cancellationToken);
        if (claim is not { Runs: true, Job: { } job })
        {
            return;
        }

        await context.RunAnnouncingStartAsync(claim, started => new GenerationStarted
        {
            JobId = started.Id, UserId = started.UserId, CorrelationId = started.CorrelationId, StartedAt = started.StartedAt!.Value,
        }, announcingStart => RunStartedJobAsync(context, job, announcingStart, cancellationToken), cancellationToken);
    }

    private async Task RunStartedJobAsync(
        ConsumeContext<GenerationRequested> context, GenerationJob job, Task announcingStart, CancellationToken cancellationToken)
    {
        var remaining = job.Deadline - clock.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            await announcingStart;
            await FailAsync(job, GenerationDeadlineSweeper.DeadlineExceededCode, GenerationDeadlineSweeper.DeadlineExceededMessage, cancellationToken);
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(remaining);
        try
        {
            var result = await RunAsync(context, job, deadline.Token);
            // Started is confirmed before the outputs (and their event) are recorded, so the events keep their order.
            await announcingStart;
            await RecordOutputsAsync(job, result, cancellationToken);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await announcingStart;
            await FailAsync(job, GenerationDeadlineSweeper.DeadlineExceededCode, GenerationDeadlineSweeper.DeadlineExceededMessage, cancellationToken);
        }
        catch (JobFailedException failure) when (!failure.IsTransient || context.GetRetryAttempt() >= MaxTransientAttempts - 1)
        {
            logger.LogWarning("Generation {JobId} failed: {ErrorCode}", job.Id, failure.Code);
            await announcingStart;
            await FailAsync(job, failure.Code, failure.Message, cancellationToken);
        }
    }

    private async Task<GenerationResult> RunAsync(ConsumeContext context, GenerationJob job, CancellationToken cancellationToken)
    {
        if (job.Kind == GenerationKinds.Video)
        {
            var video = JsonSerializer.Deserialize<VideoRequest>(job.RequestJson, JobViews.Json)!;
            return await engine.GenerateVideoAsync(job.UserId, video,
                progress => PublishProgressAsync(context, job, progress, "video", null), cancellationToken);
        }

        var request = JsonSerializer.Deserialize<GenerationRequest>(job.RequestJson, JobViews.Json)!;
        if (request.Preview == true)
        {
            // A draft at a quarter of the steps, same seed, arrives long before the full image.
            var draft = request with { Steps = Math.Max(1, (request.Steps ?? 20) / 4), NumberResults = 1 };
            var preview = await engine.GenerateImagesAsync(job.UserId, draft, cancellationToken);
            var previews = preview.Outputs.Select(ToStored).ToList();
            var json = JobViews.WriteOutputs(previews);
            await store.Jobs.Where(j => j.Id == job.Id && j.Status == JobStatus.Running)
                .ExecuteUpdateAsync(set => set.SetProperty(j => j.PreviewsJson, json).SetProperty(j => j.Progress, 40), cancellationToken);
            await PublishProgressAsync(context, job, 40, "preview", previews.FirstOrDefault()?.RunwareUrl);
        }

        return await engine.GenerateImagesAsync(job.UserId, request, cancellationToken);
    }

    private async Task RecordOutputsAsync(GenerationJob job, GenerationResult result, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var outputs = result.Outputs.Select(ToStored).ToList();
        var json = JobViews.WriteOutputs(outputs);
        var request = JsonDocument.Parse(job.RequestJson).RootElement;
        var recorded = await store.TryRecordOutputsAsync(job.Id, json, result.Cost, now,
            new GenerationSucceeded
            {
                JobId = job.Id,
                UserId = job.UserId,
                CorrelationId = job.CorrelationId,
                Kind = job.Kind,
                Prompt = job.Prompt,
                NegativePrompt = request.TryGetProperty("negativePrompt", out var negative) ? negative.GetString() : null,
                Model = job.Model,
                Width = request.TryGetProperty("width", out var width) ? width.GetInt32() : 0,
                Height = request.TryGetProperty("height", out var height) ? height.GetInt32() : 0,
                Steps = request.TryGetProperty("steps", out var steps) ? steps.GetInt32() : null,
                Outputs = outputs.Select(o => new JobOutput
                {
                    RunwareUrl = o.RunwareUrl!, ImageUuid = o.ImageUuid, Seed = o.Seed, Cost = o.Cost,
                    ContentType = o.ContentType, Width = o.Width, Height = o.Height,
                }).ToList(),
                Cost = result.Cost,
                CompletedAt = now,
            },
            cancellationToken);
        if (!recorded)
        {
            logger.LogInformation("Generation {JobId} was canceled or finished elsewhere; its result is discarded", job.Id);
        }
    }

    private async Task FailAsync(GenerationJob job, string code, string message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await store.TryFailAsync(job.Id, code, message, now, new GenerationFailed
        {
            JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, ErrorCode = code, ErrorMessage = message, FailedAt = now,
        }, cancellationToken);
    }

    private Task PublishProgressAsync(ConsumeContext context, GenerationJob job, int progress, string stage, string? previewUrl) =>
        context.Publish(new GenerationProgressed
        {
            JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, Progress = progress, Stage = stage,
            PreviewUrl = previewUrl, At = clock.GetUtcNow(),
        });

    private static StoredOutput ToStored(GeneratedOutput output) => new()
    {
        RunwareUrl = output.Url, ImageUuid = output.Uuid, Seed = output.Seed, Cost = output.Cost,
        ContentType = output.ContentType, Width = output.Width, Height = output.Height,
    };
}
