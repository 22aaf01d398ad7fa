using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;

namespace RunwareCloud.Runware;

/// <summary>
/// Builds each task's JSON straight into the transport's writer and maps results to records; transient failures
/// (Runware's transient codes, a dropped connection) are retried with a fresh <c>taskUUID</c>.
/// </summary>
public sealed class RunwareClient : IRunwareClient
{
    private readonly IRunwareTransport _transport;
    private readonly RunwarePoolOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly TimeProvider _time;

    public RunwareClient(IRunwareTransport transport, RunwarePoolOptions options, TimeProvider? time = null)
    {
        _transport = transport;
        _options = options;
        _time = time ?? TimeProvider.System;
        _retry = options.TransientRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = _time }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder()
                        .Handle<RunwareException>(exception => exception.IsTransient)
                        .Handle<RunwareConnectionException>(),
                    MaxRetryAttempts = options.TransientRetries,
                    Delay = options.TransientRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                })
                .Build();
    }

    public async Task<ImageInferenceResult> GenerateImagesAsync(ImageInferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.NumberResults, 1, nameof(request.NumberResults));
        var result = await SendWithRetryAsync(new RunwareTaskSpec("imageInference", request.NumberResults) { Model = request.Model, TaskUuid = request.TaskUuid },
            request, RunwareTaskWriters.ImageInference, cancellationToken).ConfigureAwait(false);
        var images = new GeneratedImage[Math.Min(result.Items.Count, request.NumberResults)];
        double? cost = null;
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = result.Items[i].Deserialize(RunwareJsonContext.Default.GeneratedImage)!;
            cost = images[i].Cost is { } itemCost ? (cost ?? 0) + itemCost : cost;
        }

        return new ImageInferenceResult { TaskUuid = result.TaskUuid, Images = images, Cost = cost };
    }

    public async Task<RunwareImage> UploadImageAsync(string image, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        var result = await SendWithRetryAsync(new RunwareTaskSpec("imageUpload"), image,
            static (writer, value) => writer.WriteString("image"u8, value), cancellationToken).ConfigureAwait(false);
        return First(result, RunwareJsonContext.Default.RunwareImage);
    }

    public async Task<RunwareImage> RemoveBackgroundAsync(RemoveBackgroundRequest request, CancellationToken cancellationToken = default)
    {
        var result = await SendWithRetryAsync(new RunwareTaskSpec("removeBackground") { Model = request.Model }, request,
            RunwareTaskWriters.RemoveBackground, cancellationToken).ConfigureAwait(false);
        return First(result, RunwareJsonContext.Default.RunwareImage);
    }

    public async Task<RunwareImage> UpscaleAsync(UpscaleRequest request, CancellationToken cancellationToken = default)
    {
        var result = await SendWithRetryAsync(new RunwareTaskSpec("upscale") { Model = request.Model }, request,
            RunwareTaskWriters.Upscale, cancellationToken).ConfigureAwait(false);
        return First(result, RunwareJsonContext.Default.RunwareImage);
    }

    public async Task<CaptionResult> CaptionAsync(CaptionRequest request, CancellationToken cancellationToken = default)
    {
        var result = await SendWithRetryAsync(new RunwareTaskSpec("caption") { Model = request.Model }, request,
            RunwareTaskWriters.Caption, cancellationToken).ConfigureAwait(false);
        return First(result, RunwareJsonContext.Default.CaptionResult);
    }

    public async Task<IReadOnlyList<EnhancedPrompt>> EnhancePromptAsync(PromptEnhanceRequest request, CancellationToken cancellationToken = default)
    {
        var result = await SendWithRetryAsync(new RunwareTaskSpec("promptEnhance", request.PromptVersions), request,
            RunwareTaskWriters.PromptEnhance, cancellationToken).ConfigureAwait(false);
        return result.Items.Select(item => item.Deserialize(RunwareJsonContext.Default.EnhancedPrompt)!).ToArray();
    }

    public async Task<ModelSearchResult> SearchModelsAsync(ModelSearchRequest request, CancellationToken cancellationToken = default)
    {
        var result = await SendWithRetryAsync(new RunwareTaskSpec("modelSearch"), request,
            RunwareTaskWriters.ModelSearch, cancellationToken).ConfigureAwait(false);
        return First(result, RunwareJsonContext.Default.ModelSearchResult);
    }

    public async Task<VideoInferenceResult> GenerateVideoAsync(VideoInferenceRequest request, IProgress<RunwareTaskProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(_options.AsyncTaskTimeout);
        try
        {
            var ack = await SendWithRetryAsync(new RunwareTaskSpec("videoInference") { Model = request.Model, CompleteOnFirstFrame = true },
                request, RunwareTaskWriters.VideoInference, overall.Token).ConfigureAwait(false);
            var taskUuid = ack.TaskUuid;
            var done = new Dictionary<string, GeneratedVideo>();
            CollectFinished(ack.Items, done);
            while (done.Count < request.NumberResults)
            {
                await Task.Delay(_options.PollInterval, _time, overall.Token).ConfigureAwait(false);
                var poll = await SendWithRetryAsync(new RunwareTaskSpec("getResponse", request.NumberResults) { TaskUuid = taskUuid, CompleteOnFirstFrame = true },
                    taskUuid, static (_, _) => { }, overall.Token).ConfigureAwait(false);
                var latest = CollectFinished(poll.Items, done);
                progress?.Report(new RunwareTaskProgress(taskUuid, done.Count, request.NumberResults, latest.Progress, latest.Status));
            }

            var videos = done.Values.ToArray();
            var cost = videos.Any(video => video.Cost is not null) ? videos.Sum(video => video.Cost ?? 0) : (double?)null;
            return new VideoInferenceResult { TaskUuid = taskUuid, Videos = videos, Cost = cost };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Video task did not finish within {_options.AsyncTaskTimeout}.");
        }
    }

    private static (double? Progress, string Status) CollectFinished(IReadOnlyList<JsonElement> items, Dictionary<string, GeneratedVideo> done)
    {
        double? progress = null;
        var status = "processing";
        foreach (var item in items)
        {
            var video = item.Deserialize(RunwareJsonContext.Default.GeneratedVideo)!;
            status = video.Status ?? status;
            progress = video.Progress ?? progress;
            var id = video.VideoUuid ?? video.MediaUuid;
            if (id is not null && video.Status is null or "success")
            {
                done.TryAdd(id, video);
            }
        }

        return (progress, status);
    }

    public Task<RunwareTaskResult> SendAsync(JsonObject task, int expectedResults = 1, CancellationToken cancellationToken = default)
    {
        var taskType = task["taskType"]?.GetValue<string>()
            ?? throw new ArgumentException("The task needs a taskType.", nameof(task));
        Guid? taskUuid = task["taskUUID"]?.GetValue<string>() is { } uuidText ? Guid.Parse(uuidText) : null;
        var model = task["model"] is JsonValue modelValue && modelValue.TryGetValue<string>(out var modelName) ? modelName : null;
        return SendWithRetryAsync(new RunwareTaskSpec(taskType, expectedResults) { TaskUuid = taskUuid, Model = model }, task,
            RunwareTaskWriters.JsonObject, cancellationToken);
    }

    private async Task<RunwareTaskResult> SendWithRetryAsync<TState>(RunwareTaskSpec spec, TState state, RunwareTaskFieldsWriter<TState> writeFields,
        CancellationToken cancellationToken)
    {
        if (ReferenceEquals(_retry, ResiliencePipeline.Empty))
        {
            return await _transport.SendAsync(spec, state, writeFields, cancellationToken).ConfigureAwait(false);
        }

        var attempt = 0;
        return await _retry.ExecuteAsync(async token =>
        {
            // A retry is a new task for Runware: only the first attempt may use a caller-chosen UUID.
            var attemptSpec = attempt++ == 0 || spec.TaskType == "getResponse" ? spec : spec with { TaskUuid = null };
            return await _transport.SendAsync(attemptSpec, state, writeFields, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static T First<T>(RunwareTaskResult result, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        result.Items.Count > 0
            ? result.Items[0].Deserialize(typeInfo)!
            : throw new RunwareException("emptyResponse", $"Runware returned no result for {result.TaskType} {result.TaskUuid}.", taskUuid: result.TaskUuid,
                taskType: result.TaskType);
}
