using System.Text.Json.Nodes;
using RunwareCloud.Imaging;
using RunwareCloud.Runware.Emulator.Media;
using RunwareCloud.Runware.Emulator.Protocol;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>The input image of the processing tasks: inputImage, inputs.image, or the first of inputImages.</summary>
internal static class ImageInput
{
    public static JsonNode? Node(TaskRequest request) =>
        request["inputImage"] ?? (request["inputs"] as JsonObject)?["image"] ?? (request["inputImages"] as JsonArray)?.FirstOrDefault();

    public static void Require(TaskRequest request)
    {
        if (Node(request) is null)
        {
            throw TaskRequest.Invalid(RunwareErrorCodes.InvalidInputImage, "'inputImage' is required.", "inputImage", "string");
        }
    }

    public static async Task<(RgbaImage Image, Guid? Uuid)> ResolveAsync(ImageInputResolver inputs, TaskContext context) =>
        await inputs.ResolveAsync(Node(context.Request), "inputImage", RunwareErrorCodes.InvalidInputImage, context.CancellationToken);
}
