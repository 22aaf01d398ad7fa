using Microsoft.Extensions.Options;
using RunwareCloud.Imaging;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Catalog;
using RunwareCloud.Runware.Emulator.Media;
using RunwareCloud.Runware.Emulator.Protocol;
using RunwareCloud.Runware.Emulator.Synthesis;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>videoInference: frames of the prompt's scene in slow motion, encoded by ffmpeg to an MP4 a browser plays.</summary>
public sealed class VideoInferenceTask(MediaPublisher publisher, LatencyModel latency, IOptions<EmulatorOptions> options) : IRunwareTask
{
    private const int MaxSide = 480;
    private const int MaxFrames = 48;

    public string TaskType => TaskTypes.VideoInference;

    public decimal Validate(TaskContext context)
    {
        var p = Parse(context.Request);
        return p.Cost * p.NumberResults;
    }

    public async Task ExecuteAsync(TaskContext context)
    {
        var p = Parse(context.Request);
        var seed = p.Seed ?? Random.Shared.NextInt64(1, uint.MaxValue);
        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(p.Width, p.Height));
        var width = Math.Max(16, (int)(p.Width * scale) / 2 * 2);
        var height = Math.Max(16, (int)(p.Height * scale) / 2 * 2);
        var frameRate = Math.Min(p.Fps, 12);
        var frameCount = Math.Clamp((int)Math.Round(p.Duration * frameRate), 2, MaxFrames);
        for (var i = 0; i < p.NumberResults; i++)
        {
            await latency.DelayAsync(TaskType, frameCount, width * height / 1_000_000.0, context.CancellationToken);
            var videoSeed = seed + i;
            var rendered = 0;
            IEnumerable<RgbaImage> Frames()
            {
                for (var f = 0; f < frameCount; f++)
                {
                    context.ReportProgress?.Invoke(((i * frameCount) + rendered++) * 100 / (frameCount * p.NumberResults));
                    yield return SceneSynthesizer.Render(p.Prompt, videoSeed, width, height, p.Model, (double)f / frameCount);
                }
            }

            byte[] mp4;
            try
            {
                mp4 = await VideoRenderer.EncodeMp4Async(options.Value.FfmpegPath, Frames(), width, height, frameRate, context.CancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                throw new RunwareTaskException(RunwareError.Create(RunwareErrorCodes.ProviderError, $"Video encoding failed: {e.Message}"));
            }

            var item = context.NewItem();
            publisher.PublishBytes(item, mp4, "video/mp4", "mp4", ["URL"], context.BaseUrl, "video");
            item["seed"] = videoSeed;
            context.AddCost(item, p.Cost);
            await context.Emit(item);
        }
    }

    private static Parameters Parse(TaskRequest request)
    {
        var prompt = request.RequireString("positivePrompt", RunwareErrorCodes.InvalidPositivePrompt, 2, 3000);
        var modelId = request.GetString("model", RunwareErrorCodes.InvalidModel);
        var model = ModelCatalog.Find(modelId);
        if (model is null || model.Category != "video")
        {
            throw TaskRequest.Invalid(RunwareErrorCodes.InvalidModel,
                modelId is null ? "'model' is required (a video model AIR id such as klingai:5@3)." : $"'{modelId}' is not a known video model AIR id.", "model", "string");
        }

        var width = (int)request.GetInteger("width", RunwareErrorCodes.InvalidWidth, 128, 1920, model.DefaultWidth ?? 1280, 8);
        var height = (int)request.GetInteger("height", RunwareErrorCodes.InvalidHeight, 128, 1920, model.DefaultHeight ?? 720, 8);
        var duration = request.GetNumber("duration", RunwareErrorCodes.InvalidDuration, 1, 10, 5);
        var fps = (int)request.GetInteger("fps", RunwareErrorCodes.InvalidFps, 1, 60, 24);
        var numberResults = (int)request.GetInteger("numberResults", RunwareErrorCodes.InvalidNumberResults, 1, 4, 1);
        long? seed = request.Has("seed") ? request.GetInteger("seed", RunwareErrorCodes.InvalidSeed, 0, long.MaxValue, 0) : null;
        var format = request.GetString("outputFormat", RunwareErrorCodes.InvalidOutputFormat)?.ToUpperInvariant();
        if (format is not (null or "MP4"))
        {
            throw TaskRequest.Invalid(RunwareErrorCodes.InvalidOutputFormat, "The emulator produces video as 'MP4' only.", "outputFormat", "string");
        }

        return new Parameters(prompt, model.Air, width, height, duration, fps, numberResults, seed, Math.Round(0.05m * (decimal)duration, 4));
    }

    private sealed record Parameters(string Prompt, string Model, int Width, int Height, double Duration, int Fps, int NumberResults, long? Seed, decimal Cost);
}
