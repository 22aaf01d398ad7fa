using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunwareCloud.Runware;

/// <summary>Writes each request's wire fields with Utf8JsonWriter, omitting what is unset (static: no per-call delegates).</summary>
internal static class RunwareTaskWriters
{
    public static readonly RunwareTaskFieldsWriter<ImageInferenceRequest> ImageInference = static (writer, request) =>
    {
        writer.WriteString("model"u8, request.Model);
        writer.WriteString("positivePrompt"u8, request.PositivePrompt);
        Optional(writer, "negativePrompt"u8, request.NegativePrompt);
        writer.WriteNumber("width"u8, request.Width);
        writer.WriteNumber("height"u8, request.Height);
        Optional(writer, "steps"u8, request.Steps);
        Optional(writer, "CFGScale"u8, request.CFGScale);
        Optional(writer, "seed"u8, request.Seed);
        writer.WriteNumber("numberResults"u8, request.NumberResults);
        Optional(writer, "scheduler"u8, request.Scheduler);
        Optional(writer, "clipSkip"u8, request.ClipSkip);
        Optional(writer, "seedImage"u8, request.SeedImage);
        Optional(writer, "maskImage"u8, request.MaskImage);
        Optional(writer, "strength"u8, request.Strength);
        Optional(writer, "maskMargin"u8, request.MaskMargin);
        if (request.Lora is { Count: > 0 } lora)
        {
            writer.WriteStartArray("lora"u8);
            foreach (var item in lora)
            {
                writer.WriteStartObject();
                writer.WriteString("model"u8, item.Model);
                writer.WriteNumber("weight"u8, item.Weight);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteString("outputType"u8, request.OutputType);
        Optional(writer, "outputFormat"u8, request.OutputFormat);
        Optional(writer, "outputQuality"u8, request.OutputQuality);
        Optional(writer, "checkNSFW"u8, request.CheckNSFW);
        writer.WriteBoolean("includeCost"u8, request.IncludeCost);
        Extra(writer, request.ExtraFields);
    };

    public static readonly RunwareTaskFieldsWriter<RemoveBackgroundRequest> RemoveBackground = static (writer, request) =>
    {
        writer.WriteString("inputImage"u8, request.InputImage);
        Optional(writer, "model"u8, request.Model);
        writer.WriteString("outputType"u8, request.OutputType);
        writer.WriteString("outputFormat"u8, request.OutputFormat);
        Optional(writer, "outputQuality"u8, request.OutputQuality);
        if (request.Rgba is not null || request.ReturnOnlyMask is not null || request.PostProcessMask is not null || request.AlphaMatting is not null)
        {
            writer.WriteStartObject("settings"u8);
            if (request.Rgba is { } rgba)
            {
                writer.WriteStartArray("rgba"u8);
                foreach (var channel in rgba)
                {
                    writer.WriteNumberValue(channel);
                }

                writer.WriteEndArray();
            }

            Optional(writer, "returnOnlyMask"u8, request.ReturnOnlyMask);
            Optional(writer, "postProcessMask"u8, request.PostProcessMask);
            Optional(writer, "alphaMatting"u8, request.AlphaMatting);
            writer.WriteEndObject();
        }

        writer.WriteBoolean("includeCost"u8, request.IncludeCost);
    };

    public static readonly RunwareTaskFieldsWriter<UpscaleRequest> Upscale = static (writer, request) =>
    {
        writer.WriteString("inputImage"u8, request.InputImage);
        writer.WriteNumber("upscaleFactor"u8, request.UpscaleFactor);
        Optional(writer, "model"u8, request.Model);
        writer.WriteString("outputType"u8, request.OutputType);
        Optional(writer, "outputFormat"u8, request.OutputFormat);
        Optional(writer, "outputQuality"u8, request.OutputQuality);
        writer.WriteBoolean("includeCost"u8, request.IncludeCost);
        writer.WriteString("deliveryMethod"u8, "sync"u8);
    };

    public static readonly RunwareTaskFieldsWriter<CaptionRequest> Caption = static (writer, request) =>
    {
        writer.WriteString("inputImage"u8, request.InputImage);
        Optional(writer, "model"u8, request.Model);
        Optional(writer, "prompt"u8, request.Prompt);
        writer.WriteBoolean("includeCost"u8, request.IncludeCost);
    };

    public static readonly RunwareTaskFieldsWriter<PromptEnhanceRequest> PromptEnhance = static (writer, request) =>
    {
        writer.WriteString("prompt"u8, request.Prompt);
        writer.WriteNumber("promptMaxLength"u8, request.PromptMaxLength);
        writer.WriteNumber("promptVersions"u8, request.PromptVersions);
        writer.WriteBoolean("includeCost"u8, request.IncludeCost);
    };

    public static readonly RunwareTaskFieldsWriter<ModelSearchRequest> ModelSearch = static (writer, request) =>
    {
        Optional(writer, "search"u8, request.Search);
        if (request.Tags is { Count: > 0 } tags)
        {
            writer.WriteStartArray("tags"u8);
            foreach (var tag in tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
        }

        Optional(writer, "category"u8, request.Category);
        Optional(writer, "type"u8, request.Type);
        Optional(writer, "architecture"u8, request.Architecture);
        Optional(writer, "visibility"u8, request.Visibility);
        Optional(writer, "limit"u8, request.Limit);
        Optional(writer, "offset"u8, request.Offset);
    };

    public static readonly RunwareTaskFieldsWriter<VideoInferenceRequest> VideoInference = static (writer, request) =>
    {
        writer.WriteString("model"u8, request.Model);
        writer.WriteString("positivePrompt"u8, request.PositivePrompt);
        Optional(writer, "negativePrompt"u8, request.NegativePrompt);
        Optional(writer, "duration"u8, request.Duration);
        Optional(writer, "fps"u8, request.Fps);
        Optional(writer, "width"u8, request.Width);
        Optional(writer, "height"u8, request.Height);
        writer.WriteNumber("numberResults"u8, request.NumberResults);
        Optional(writer, "seed"u8, request.Seed);
        Optional(writer, "steps"u8, request.Steps);
        Optional(writer, "CFGScale"u8, request.CFGScale);
        if (request.FrameImages is { Count: > 0 } frames)
        {
            writer.WriteStartArray("frameImages"u8);
            foreach (var frame in frames)
            {
                writer.WriteStartObject();
                writer.WriteString("inputImage"u8, frame);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteString("outputType"u8, request.OutputType);
        Optional(writer, "outputFormat"u8, request.OutputFormat);
        writer.WriteBoolean("includeCost"u8, request.IncludeCost);
        writer.WriteString("deliveryMethod"u8, "async"u8);
        Extra(writer, request.ExtraFields);
    };

    public static readonly RunwareTaskFieldsWriter<JsonObject> JsonObject = static (writer, task) =>
    {
        foreach (var (name, value) in task)
        {
            if (name is "taskUUID" or "taskType")
            {
                continue;
            }

            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
    };

    private static void Extra(Utf8JsonWriter writer, JsonObject? extra)
    {
        if (extra is not null)
        {
            JsonObject(writer, extra);
        }
    }

    private static void Optional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Optional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void Optional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void Optional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void Optional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }
}
