using RunwareCloud.Imaging;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Media;
using RunwareCloud.Runware.Emulator.Protocol;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>upscale / imageUpscale: Lanczos3 resampling by upscaleFactor (2-4).</summary>
public sealed class UpscaleTask(ImageInputResolver inputs, MediaPublisher publisher, LatencyModel latency) : IRunwareTask
{
    private const long MaxOutputPixels = 36L * 1024 * 1024;

    public string TaskType => TaskTypes.Upscale;

    public decimal Validate(TaskContext context)
    {
        ImageInput.Require(context.Request);
        OutputSettings.Parse(context.Request);
        var factor = Factor(context.Request);
        return 0.0006m * factor;
    }

    public async Task ExecuteAsync(TaskContext context)
    {
        var output = OutputSettings.Parse(context.Request);
        var factor = Factor(context.Request);
        var (image, uuid) = await ImageInput.ResolveAsync(inputs, context);
        if (image.PixelCount * factor * factor > MaxOutputPixels)
        {
            throw TaskRequest.Invalid(RunwareErrorCodes.InvalidUpscaleFactor,
                $"Upscaling {image.Width}x{image.Height} by {factor} exceeds {MaxOutputPixels} output pixels.", "upscaleFactor", "integer", 2, 4);
        }

        await latency.DelayAsync(TaskType, 0, image.PixelCount * factor * factor / 1_000_000.0, context.CancellationToken);
        var result = ImageResizer.Resize(image, image.Width * factor, image.Height * factor, ResizeFilter.Lanczos3, new ImageLimits { MaxPixels = MaxOutputPixels, MaxWidth = 16384, MaxHeight = 16384 });

        var item = context.NewItem();
        if (uuid is not null)
        {
            item["inputImageUUID"] = uuid.ToString();
        }

        publisher.PublishImage(item, result, output, context.BaseUrl);
        context.AddCost(item, 0.0006m * factor);
        await context.Emit(item);
    }

    private static int Factor(TaskRequest request) =>
        (int)request.GetInteger("upscaleFactor", RunwareErrorCodes.InvalidUpscaleFactor, 2, 4, 2);
}
