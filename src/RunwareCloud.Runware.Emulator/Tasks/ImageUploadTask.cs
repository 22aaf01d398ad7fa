using RunwareCloud.Imaging;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Media;
using RunwareCloud.Runware.Emulator.Protocol;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>Stores an image (data URI or base64) and returns its UUID for use as an input elsewhere.</summary>
public sealed class ImageUploadTask(ImageInputResolver inputs, MediaPublisher publisher, LatencyModel latency) : IRunwareTask
{
    public string TaskType => TaskTypes.ImageUpload;

    public decimal Validate(TaskContext context)
    {
        context.Request.RequireString("image", RunwareErrorCodes.InvalidImage);
        return 0;
    }

    public async Task ExecuteAsync(TaskContext context)
    {
        var value = context.Request.RequireString("image", RunwareErrorCodes.InvalidImage);
        await latency.DelayAsync(TaskType, 0, 0, context.CancellationToken);
        byte[] bytes;
        ImageFormat format;
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var (image, _) = await inputs.ResolveAsync(context.Request["image"], "image", RunwareErrorCodes.InvalidImage, context.CancellationToken);
            (bytes, format) = (PngEncoder.Encode(image), ImageFormat.Png);
        }
        else
        {
            (bytes, format) = inputs.DecodeUploadBytes(value, "image", RunwareErrorCodes.InvalidImage);
        }

        var item = context.NewItem();
        publisher.PublishBytes(item, bytes, ImageFormatSniffer.ContentType(format), ImageFormatSniffer.Extension(format), ["URL"], context.BaseUrl, "image");
        await context.Emit(item);
    }
}
