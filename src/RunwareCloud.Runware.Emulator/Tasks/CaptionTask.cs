using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Media;
using RunwareCloud.Runware.Emulator.Synthesis;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>caption / imageCaption: a sentence from the image's own colours, brightness and layout.</summary>
public sealed class CaptionTask(ImageInputResolver inputs, LatencyModel latency) : IRunwareTask
{
    private const decimal Cost = 0.0002m;

    public string TaskType => TaskTypes.Caption;

    public decimal Validate(TaskContext context)
    {
        ImageInput.Require(context.Request);
        return Cost;
    }

    public async Task ExecuteAsync(TaskContext context)
    {
        var (image, uuid) = await ImageInput.ResolveAsync(inputs, context);
        await latency.DelayAsync(TaskType, 0, 0, context.CancellationToken);
        var item = context.NewItem();
        if (uuid is not null)
        {
            item["inputImageUUID"] = uuid.ToString();
        }

        item["text"] = ImageDescriber.Describe(image);
        context.AddCost(item, Cost);
        await context.Emit(item);
    }
}
