using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RunwareCloud.Contracts;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.Jobs;
using RunwareCloud.Processing.Api.Model;
using RunwareCloud.Runware;

namespace RunwareCloud.Processing.Api.Worker;

/// <summary>
/// Runs one processing job: from this service's API (the job row exists) or from an order (the row is created here).
/// A redelivery re-runs the operation, and only the first run's outputs are recorded and announced.
/// </summary>
public sealed class ProcessImageConsumer(
    ProcessingJobStore store,
    IRunwareClient runware,
    RunwareInputs inputs,
    TimeProvider clock,
    WorkerStopping workerStopping,
    ILogger<ProcessImageConsumer> logger) : IConsumer<ProcessImage>
{
    public const int MaxTransientAttempts = 3;
    private static readonly TimeSpan s_orderJobTimeout = TimeSpan.FromMinutes(10);
    private static readonly Uri s_processImageQueue = new("queue:process-image");

    public Task Consume(ConsumeContext<ProcessImage> context) =>
        workerStopping.RunOrHandBackAsync(context, token => RunJobAsync(context, token), () =>
        {
            logger.LogInformation("Worker stopping; processing {JobId} goes back to the queue", context.Message.JobId);
            return store.RequeueAsync(context.Message, s_processImageQueue);
        });

    private async Task RunJobAsync(ConsumeContext<ProcessImage> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var claim = await store.ClaimAsync(message.JobId, clock.GetUtcNow(), cancellationToken);
        if (claim.Outcome == JobClaimOutcome.Missing)
        {
            await CreateFromCommandAsync(message, cancellationToken);
            claim = await store.ClaimAsync(message.JobId, clock.GetUtcNow(), cancellationToken);
        }

        if (claim is not { Runs: true, Job: { } job })
        {
            return;
        }

        await context.RunAnnouncingStartAsync(claim, started => new ProcessingStarted
        {
            JobId = started.Id, UserId = started.UserId, CorrelationId = started.CorrelationId, StartedAt = started.StartedAt!.Value,
        }, announcingStart => RunStartedJobAsync(context, job, announcingStart, cancellationToken), cancellationToken);
    }

    private async Task RunStartedJobAsync(ConsumeContext<ProcessImage> context, ProcessingJob job, Task announcingStart, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(job.Deadline - clock.GetUtcNow() is { } left && left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
        try
        {
            var output = await RunwareFailures.TranslateAsync(() => RunAsync(job, deadline.Token));
            // Started is confirmed before the result (and its event) is recorded, so the events keep their order.
            await announcingStart;
            await RecordAsync(job, output, cancellationToken);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await announcingStart;
            await FailAsync(job, ProcessingDeadlineSweeper.DeadlineExceededCode, ProcessingDeadlineSweeper.DeadlineExceededMessage, cancellationToken);
        }
        catch (JobFailedException failure) when (!failure.IsTransient || context.GetRetryAttempt() >= MaxTransientAttempts - 1)
        {
            logger.LogWarning("Processing {JobId} failed: {ErrorCode}", job.Id, failure.Code);
            await announcingStart;
            await FailAsync(job, failure.Code, failure.Message, cancellationToken);
        }
    }

    private async Task CreateFromCommandAsync(ProcessImage message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var job = new ProcessingJob
        {
            Id = message.JobId,
            UserId = message.UserId,
            CorrelationId = message.CorrelationId,
            Kind = message.Operation,
            Status = JobStatus.Queued,
            CreatedAt = now,
            Deadline = now + s_orderJobTimeout,
            Input = message.InputUrl,
            UpscaleFactor = message.UpscaleFactor,
            OrderId = message.OrderId,
            OrderImageId = message.OrderImageId,
            RequestJson = JsonSerializer.Serialize(new { image = message.InputUrl, upscaleFactor = message.UpscaleFactor, orderId = message.OrderId }, JobViews.Json),
        };
        store.Db.Add(job);
        try
        {
            await store.Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A redelivery of the same command raced this one: its job stands.
        }
        finally
        {
            store.Db.ChangeTracker.Clear();
        }
    }

    private async Task<StoredOutput> RunAsync(ProcessingJob job, CancellationToken cancellationToken)
    {
        var format = JsonDocument.Parse(job.RequestJson).RootElement.TryGetProperty("outputFormat", out var f) ? f.GetString() : "PNG";
        var input = await inputs.PrepareAsync(job.UserId, job.Input, cancellationToken);
        switch (job.Kind)
        {
            case ProcessingOperations.Caption:
                var caption = await runware.CaptionAsync(new CaptionRequest { InputImage = input }, cancellationToken);
                return new StoredOutput { Text = caption.Text, Cost = (decimal?)caption.Cost };
            case ProcessingOperations.Upscale:
                var upscaled = await runware.UpscaleAsync(
                    new UpscaleRequest { InputImage = input, UpscaleFactor = job.UpscaleFactor ?? 2, OutputFormat = format }, cancellationToken);
                return ToOutput(upscaled, format);
            case ProcessingOperations.RemoveBackground:
                var cutout = await runware.RemoveBackgroundAsync(
                    new RemoveBackgroundRequest { InputImage = input, OutputFormat = format == "JPG" ? "PNG" : format ?? "PNG" }, cancellationToken);
                return ToOutput(cutout, format == "JPG" ? "PNG" : format);
            default:
                throw new JobFailedException("invalidOperation", $"Unknown operation '{job.Kind}'.", isTransient: false);
        }
    }

    private async Task RecordAsync(ProcessingJob job, StoredOutput output, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var json = JobViews.WriteOutputs([output]);
        var recorded = await store.TryRecordOutputsAsync(job.Id, json, output.Cost, now, new ImageProcessed
        {
            JobId = job.Id,
            UserId = job.UserId,
            CorrelationId = job.CorrelationId,
            Operation = job.Kind,
            Outputs = [new JobOutput { RunwareUrl = output.RunwareUrl ?? "", ImageUuid = output.ImageUuid, Cost = output.Cost, ContentType = output.ContentType, Text = output.Text }],
            OrderId = job.OrderId,
            OrderImageId = job.OrderImageId,
            Cost = output.Cost,
            CompletedAt = now,
        }, cancellationToken);
        if (recorded && job.Kind == ProcessingOperations.Caption)
        {
            // A caption is text: there is nothing for history to store, so the job is done.
            await store.Jobs.Where(j => j.Id == job.Id && j.Status == JobStatus.Running)
                .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, JobStatus.Succeeded)
                    .SetProperty(j => j.CompletedAt, now).SetProperty(j => j.Progress, 100), cancellationToken);
        }
        else if (!recorded)
        {
            logger.LogInformation("Processing {JobId} was canceled or finished elsewhere; its result is discarded", job.Id);
        }
    }

    private async Task FailAsync(ProcessingJob job, string code, string message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await store.TryFailAsync(job.Id, code, message, now, new ImageProcessingFailed
        {
            JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, Operation = job.Kind, ErrorCode = code,
            ErrorMessage = message, OrderId = job.OrderId, OrderImageId = job.OrderImageId, FailedAt = now,
        }, cancellationToken);
    }

    private static StoredOutput ToOutput(RunwareImage image, string? format) => new()
    {
        RunwareUrl = image.ImageUrl ?? image.MediaUrl,
        ImageUuid = image.ImageUuid ?? image.MediaUuid,
        Cost = (decimal?)image.Cost,
        ContentType = format switch { "JPG" => "image/jpeg", "WEBP" => "image/webp", _ => "image/png" },
    };
}
