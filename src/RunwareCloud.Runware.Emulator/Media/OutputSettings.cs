using System.Text.Json;
using System.Text.Json.Nodes;
using RunwareCloud.Imaging;
using RunwareCloud.Runware.Emulator.Protocol;

namespace RunwareCloud.Runware.Emulator.Media;

/// <summary>outputType / outputFormat / outputQuality / ttl of a task, validated.</summary>
public sealed record OutputSettings(IReadOnlyList<string> Types, ImageFormat Format, int Quality, TimeSpan? Ttl)
{
    public static OutputSettings Parse(TaskRequest request, ImageFormat defaultFormat = ImageFormat.Jpeg)
    {
        var types = new List<string>();
        switch (request["outputType"])
        {
            case null:
                types.Add("URL");
                break;
            case JsonArray array:
                foreach (var entry in array)
                {
                    types.Add(ParseType(entry));
                }

                if (types.Count == 0)
                {
                    throw TaskRequest.Invalid(RunwareErrorCodes.InvalidOutputType, "'outputType' must not be empty.", "outputType", "string");
                }

                break;
            case var single:
                types.Add(ParseType(single));
                break;
        }

        var format = request.GetString("outputFormat", RunwareErrorCodes.InvalidOutputFormat)?.ToUpperInvariant() switch
        {
            null => defaultFormat,
            "JPG" or "JPEG" => ImageFormat.Jpeg,
            "PNG" => ImageFormat.Png,
            "WEBP" => ImageFormat.WebP,
            _ => throw TaskRequest.Invalid(RunwareErrorCodes.InvalidOutputFormat, "'outputFormat' must be JPG, PNG or WEBP.", "outputFormat", "string"),
        };
        var quality = (int)request.GetInteger("outputQuality", RunwareErrorCodes.InvalidOutputQuality, 20, 99, 95);
        var ttl = request.Has("ttl") ? TimeSpan.FromSeconds(request.GetInteger("ttl", "invalidTtl", 60, 30L * 24 * 3600, 3600)) : (TimeSpan?)null;
        return new OutputSettings(types, format, quality, ttl);
    }

    private static string ParseType(JsonNode? node)
    {
        var value = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        return value switch
        {
            "URL" or "base64Data" or "dataURI" => value,
            _ => throw TaskRequest.Invalid(RunwareErrorCodes.InvalidOutputType, "'outputType' must be URL, base64Data or dataURI.", "outputType", "string"),
        };
    }
}
