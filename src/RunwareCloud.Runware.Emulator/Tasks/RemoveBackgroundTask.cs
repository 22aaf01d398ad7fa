using System.Text.Json.Nodes;
using RunwareCloud.Imaging;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Media;
using RunwareCloud.Runware.Emulator.Protocol;
using RunwareCloud.Runware.Emulator.Synthesis;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>removeBackground / imageBackgroundRemoval: border flood fill → transparent (or settings.rgba) background.</summary>
public sealed class RemoveBackgroundTask(ImageInputResolver inputs, MediaPublisher publisher, LatencyModel latency) : IRunwareTask
{
    private const decimal Cost = 0.0006m;

    public string TaskType => TaskTypes.RemoveBackground;

    public decimal Validate(TaskContext context)
    {
        ImageInput.Require(context.Request);
        OutputSettings.Parse(context.Request, ImageFormat.Png);
        Fill(context.Request);
        return Cost;
    }

    public async Task ExecuteAsync(TaskContext context)
    {
        var output = OutputSettings.Parse(context.Request, ImageFormat.Png);
        var (image, uuid) = await ImageInput.ResolveAsync(inputs, context);
        await latency.DelayAsync(TaskType, 0, image.PixelCount / 1_000_000.0, context.CancellationToken);
        var settings = context.Request["settings"] as JsonObject;
        var maskOnly = settings?["returnOnlyMask"]?.GetValueKind() == System.Text.Json.JsonValueKind.True || context.Request.GetBoolean("returnOnlyMask");
        var result = BackgroundRemover.Remove(image, Fill(context.Request), maskOnly);

        var item = context.NewItem();
        if (uuid is not null)
        {
            item["inputImageUUID"] = uuid.ToString();
        }

        publisher.PublishImage(item, result, output, context.BaseUrl);
        context.AddCost(item, Cost);
        await context.Emit(item);
    }

    private static (byte, byte, byte, byte)? Fill(TaskRequest request)
    {
        var rgba = (request["settings"] as JsonObject)?["rgba"] ?? request["rgba"];
        if (rgba is null)
        {
            return null;
        }

        if (rgba is not JsonArray { Count: 4 } array || array.Any(v => v is not JsonValue value || !value.TryGetValue(out int c) || c is < 0 or > 255))
        {
            throw TaskRequest.Invalid("invalidRgba", "'settings.rgba' must be four integers 0-255.", "settings.rgba", "array");
        }

        return ((byte)array[0]!.GetValue<int>(), (byte)array[1]!.GetValue<int>(), (byte)array[2]!.GetValue<int>(), (byte)array[3]!.GetValue<int>());
    }
}
