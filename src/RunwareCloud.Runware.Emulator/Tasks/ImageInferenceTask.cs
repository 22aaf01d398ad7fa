using RunwareCloud.Imaging;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Catalog;
using RunwareCloud.Runware.Emulator.Media;
using RunwareCloud.Runware.Emulator.Protocol;
using RunwareCloud.Runware.Emulator.Synthesis;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>Text-to-image, image-to-image (seedImage + strength) and inpainting (maskImage); one item per result.</summary>
public sealed class ImageInferenceTask(ImageInputResolver inputs, MediaPublisher publisher, LatencyModel latency) : IRunwareTask
{
    public string TaskType => TaskTypes.ImageInference;

    public decimal Validate(TaskContext context)
    {
        var p = Parse(context.Request);
        return p.CostPerImage * p.NumberResults;
    }

    public async Task ExecuteAsync(TaskContext context)
    {
        var request = context.Request;
        var p = Parse(request);
        var ct = context.CancellationToken;
        RgbaImage? seedImage = null, mask = null;
        int width = p.Width, height = p.Height;
        if (request.Has("seedImage"))
        {
            (seedImage, _) = await inputs.ResolveAsync(request["seedImage"], "seedImage", RunwareErrorCodes.InvalidSeedImage, ct);
            if (!request.Has("width") && !request.Has("height"))
            {
                (width, height) = FitToGrid(seedImage.Width, seedImage.Height);
            }

            seedImage = ImageResizer.Resize(seedImage, width, height);
            if (request.Has("maskImage"))
            {
                (mask, _) = await inputs.ResolveAsync(request["maskImage"], "maskImage", RunwareErrorCodes.InvalidMaskImage, ct);
                mask = ImageResizer.Resize(mask, width, height);
            }
        }

        var seed = p.Seed ?? Random.Shared.NextInt64(1, uint.MaxValue);
        var megapixels = width * height / 1_000_000.0;
        for (var i = 0; i < p.NumberResults; i++)
        {
            await latency.DelayAsync(TaskType, p.Steps, megapixels, ct);
            var imageSeed = seed + i;
            var item = context.NewItem();
            if (seedImage is null)
            {
                publisher.PublishImage(item, () => SceneSynthesizer.Render(p.Prompt, imageSeed, width, height, p.Model), width, height, p.Output, context.BaseUrl);
            }
            else
            {
                var image = SceneSynthesizer.Render(p.Prompt, imageSeed, width, height, p.Model);
                image = mask is not null
                    ? ImageCompositing.MaskedMix(seedImage, image, mask)
                    : ImageCompositing.Mix(seedImage, image, p.Strength * 0.8);
                publisher.PublishImage(item, image, p.Output, context.BaseUrl);
            }

            item["seed"] = imageSeed;
            if (request.GetBoolean("checkNSFW") || request["safety"] is not null)
            {
                item["NSFWContent"] = false;
            }

            context.AddCost(item, p.CostPerImage);
            await context.Emit(item);
        }
    }

    private static (int, int) FitToGrid(int width, int height)
    {
        var scale = Math.Min(1.0, Math.Min(2048.0 / width, 2048.0 / height));
        return (Math.Clamp((int)Math.Round(width * scale / 64) * 64, 128, 2048), Math.Clamp((int)Math.Round(height * scale / 64) * 64, 128, 2048));
    }

    private static Parameters Parse(TaskRequest request)
    {
        var prompt = request.RequireString("positivePrompt", RunwareErrorCodes.InvalidPositivePrompt, 2, 3000);
        var negative = request.GetString("negativePrompt", RunwareErrorCodes.InvalidNegativePrompt);
        if (negative is { Length: > 3000 })
        {
            throw TaskRequest.Invalid(RunwareErrorCodes.InvalidNegativePrompt, "'negativePrompt' must be at most 3000 characters long.", "negativePrompt", "string");
        }

        var modelId = request.GetString("model", RunwareErrorCodes.InvalidModel);
        var model = ModelCatalog.Find(modelId);
        if (model is null || model.Category != "checkpoint")
        {
            throw TaskRequest.Invalid(RunwareErrorCodes.InvalidModel,
                modelId is null ? "'model' is required (an AIR id such as runware:101@1)." : $"'{modelId}' is not a known image model AIR id.", "model", "string");
        }

        var defaultWidth = model.DefaultWidth is { } dw && dw % 64 == 0 ? dw : 1024;
        var defaultHeight = model.DefaultHeight is { } dh && dh % 64 == 0 ? dh : 1024;
        var width = (int)request.GetInteger("width", RunwareErrorCodes.InvalidWidth, 128, 2048, defaultWidth, 64);
        var height = (int)request.GetInteger("height", RunwareErrorCodes.InvalidHeight, 128, 2048, defaultHeight, 64);
        var steps = (int)request.GetInteger("steps", RunwareErrorCodes.InvalidSteps, 1, 100, model.DefaultSteps ?? 20);
        request.GetNumber("CFGScale", RunwareErrorCodes.InvalidCfgScale, 0, 30, model.DefaultCfg ?? 7);
        request.GetInteger("clipSkip", RunwareErrorCodes.InvalidClipSkip, 0, 2, 0);
        var numberResults = (int)request.GetInteger("numberResults", RunwareErrorCodes.InvalidNumberResults, 1, 20, 1);
        long? seed = request.Has("seed") ? request.GetInteger("seed", RunwareErrorCodes.InvalidSeed, 0, long.MaxValue, 0) : null;
        var strength = request.GetNumber("strength", RunwareErrorCodes.InvalidStrength, 0, 1, 0.8);
        if (request.Has("maskImage") && !request.Has("seedImage"))
        {
            throw TaskRequest.Invalid(RunwareErrorCodes.InvalidSeedImage, "Inpainting with 'maskImage' needs a 'seedImage'.", "seedImage", "string");
        }

        var output = OutputSettings.Parse(request);
        var cost = Math.Round(0.0004m + (0.00003m * steps * (decimal)(width * height / 1_048_576.0)), 6);
        return new Parameters(prompt, model.Air, width, height, steps, numberResults, seed, strength, output, cost);
    }

    private sealed record Parameters(string Prompt, string Model, int Width, int Height, int Steps, int NumberResults, long? Seed,
        double Strength, OutputSettings Output, decimal CostPerImage);
}
