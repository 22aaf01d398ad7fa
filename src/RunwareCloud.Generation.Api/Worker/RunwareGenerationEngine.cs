using System.Text.Json.Nodes;
using RunwareCloud.Generation.Api.Apis;
using RunwareCloud.Jobs;
using RunwareCloud.Runware;

namespace RunwareCloud.Generation.Api.Worker;

/// <summary>Turns validated requests into Runware tasks through the shared connection pool.</summary>
public sealed class RunwareGenerationEngine(IRunwareClient runware, RunwareInputs inputs) : IGenerationEngine
{
    public Task<GenerationResult> GenerateImagesAsync(Guid ownerId, GenerationRequest request, CancellationToken cancellationToken) =>
        RunwareFailures.TranslateAsync(async () =>
        {
            var seedImage = request.SeedImage is null ? null : await inputs.PrepareAsync(ownerId, request.SeedImage, cancellationToken);
            var maskImage = request.MaskImage is null ? null : await inputs.PrepareAsync(ownerId, request.MaskImage, cancellationToken);
            var result = await runware.GenerateImagesAsync(new ImageInferenceRequest
            {
                Model = request.Model!,
                PositivePrompt = request.Prompt!,
                NegativePrompt = string.IsNullOrWhiteSpace(request.NegativePrompt) ? null : request.NegativePrompt,
                Width = request.Width!.Value,
                Height = request.Height!.Value,
                Steps = request.Steps,
                CFGScale = request.CfgScale,
                Seed = request.Seed,
                NumberResults = request.NumberResults ?? 1,
                Scheduler = request.Scheduler,
                SeedImage = seedImage,
                MaskImage = maskImage,
                Strength = request.Strength,
                Lora = request.Lora?.Select(l => new LoraWeight { Model = l.Model!, Weight = l.Weight ?? 1 }).ToList(),
                OutputFormat = request.OutputFormat,
                ExtraFields = await ControlNetFieldsAsync(ownerId, request, cancellationToken),
            }, cancellationToken);

            var contentType = ContentTypeOf(request.OutputFormat);
            return new GenerationResult(result.Images
                .Select(image => new GeneratedOutput(image.ImageUrl ?? image.ImageDataUri ?? "", image.ImageUuid, image.Seed,
                    (decimal?)image.Cost, contentType, request.Width, request.Height))
                .ToList());
        });

    public Task<GenerationResult> GenerateVideoAsync(
        Guid ownerId, VideoRequest request, Func<int, Task> reportProgress, CancellationToken cancellationToken) =>
        RunwareFailures.TranslateAsync(async () =>
        {
            var frame = request.FrameImage is null ? null : await inputs.PrepareAsync(ownerId, request.FrameImage, cancellationToken);
            var lastReported = -1;
            var progress = new Progress<RunwareTaskProgress>(update =>
            {
                var percent = 10 + (int)Math.Clamp((update.Progress ?? 0) * 0.8, 0, 80);
                if (percent > lastReported)
                {
                    lastReported = percent;
                    _ = reportProgress(percent);
                }
            });
            var result = await runware.GenerateVideoAsync(new VideoInferenceRequest
            {
                Model = request.Model!,
                PositivePrompt = request.Prompt!,
                NegativePrompt = request.NegativePrompt,
                Duration = request.Duration,
                Fps = request.Fps,
                Width = request.Width,
                Height = request.Height,
                Seed = request.Seed,
                FrameImages = frame is null ? null : [frame],
                OutputFormat = request.OutputFormat,
            }, progress, cancellationToken);

            var contentType = request.OutputFormat == "WEBM" ? "video/webm" : "video/mp4";
            return new GenerationResult(result.Videos
                .Select(video => new GeneratedOutput(video.VideoUrl ?? video.MediaUrl ?? "", video.VideoUuid ?? video.MediaUuid,
                    video.Seed, (decimal?)video.Cost, contentType, request.Width, request.Height))
                .ToList());
        });

    private async Task<JsonObject?> ControlNetFieldsAsync(Guid ownerId, GenerationRequest request, CancellationToken cancellationToken)
    {
        if (request.ControlNet is not { Count: > 0 } controls)
        {
            return null;
        }

        var array = new JsonArray();
        foreach (var control in controls)
        {
            var entry = new JsonObject
            {
                ["model"] = control.Model,
                ["guideImage"] = await inputs.PrepareAsync(ownerId, control.GuideImage!, cancellationToken),
                ["weight"] = control.Weight ?? 1,
            };
            if (control.StartStep is { } start)
            {
                entry["startStep"] = start;
            }

            if (control.EndStep is { } end)
            {
                entry["endStep"] = end;
            }

            if (control.ControlMode is { } mode)
            {
                entry["controlMode"] = mode;
            }

            array.Add(entry);
        }

        return new JsonObject { ["controlNet"] = array };
    }

    private static string ContentTypeOf(string? outputFormat) => outputFormat switch
    {
        "JPG" => "image/jpeg",
        "WEBP" => "image/webp",
        _ => "image/png",
    };
}
