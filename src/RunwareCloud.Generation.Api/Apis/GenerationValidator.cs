using System.Text.RegularExpressions;
using RunwareCloud.Generation.Api.Model;
using RunwareCloud.Jobs;

namespace RunwareCloud.Generation.Api.Apis;

/// <summary>Checks a request against Runware's limits and fills in defaults; each problem names its field.</summary>
public static partial class GenerationValidator
{
    public const string DefaultImageModel = "runware:100@1";
    public const string DefaultVideoModel = "klingai:5@3";
    private static readonly string[] s_outputFormats = ["PNG", "JPG", "WEBP"];
    private static readonly string[] s_videoFormats = ["MP4", "WEBM"];
    private static readonly string[] s_controlModes = ["balanced", "prompt", "controlnet"];

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.-]*:[0-9]+@[0-9]+$")]
    public static partial Regex AirPattern();

    public static Dictionary<string, string[]> Validate(GenerationRequest request, long maxInputBytes, out GenerationRequest normalized)
    {
        var errors = new ValidationErrors();
        var kind = request.Kind ?? (request.MaskImage is not null ? GenerationKinds.Inpaint
            : request.SeedImage is not null ? GenerationKinds.ImageToImage : GenerationKinds.TextToImage);
        if (!GenerationKinds.ImageKinds.Contains(kind))
        {
            errors.Add("kind", $"must be one of {string.Join(", ", GenerationKinds.ImageKinds)}");
        }

        ValidatePrompt(errors, request.Prompt, request.NegativePrompt);
        var model = ValidateModel(errors, request.Model, DefaultImageModel);
        ValidateSize(errors, request.Width, request.Height);
        errors.Range("steps", request.Steps, 1, 100);
        if (request.CfgScale is < 0 or > 30)
        {
            errors.Add("cfgScale", "must be between 0 and 30");
        }

        errors.Range("numberResults", request.NumberResults, 1, 20);
        if (request.Seed is < 0)
        {
            errors.Add("seed", "must be zero or positive");
        }

        if (request.Strength is < 0 or > 1)
        {
            errors.Add("strength", "must be between 0 and 1");
        }

        var format = request.OutputFormat?.ToUpperInvariant() ?? "PNG";
        if (!s_outputFormats.Contains(format))
        {
            errors.Add("outputFormat", "must be PNG, JPG or WEBP");
        }

        if (request.Scheduler is { Length: > 64 })
        {
            errors.Add("scheduler", "must be at most 64 characters");
        }

        if (kind is GenerationKinds.ImageToImage or GenerationKinds.Inpaint)
        {
            ValidateImage(errors, "seedImage", request.SeedImage, maxInputBytes, required: true);
        }

        if (kind == GenerationKinds.Inpaint)
        {
            ValidateImage(errors, "maskImage", request.MaskImage, maxInputBytes, required: true);
        }

        for (var i = 0; i < (request.Lora?.Count ?? 0); i++)
        {
            var lora = request.Lora![i];
            if (lora.Model is null || !AirPattern().IsMatch(lora.Model))
            {
                errors.Add($"lora[{i}].model", "must be a model AIR id such as civitai:82098@87806");
            }

            if (lora.Weight is < -4 or > 4)
            {
                errors.Add($"lora[{i}].weight", "must be between -4 and 4");
            }
        }

        for (var i = 0; i < (request.ControlNet?.Count ?? 0); i++)
        {
            var control = request.ControlNet![i];
            if (control.Model is null || !AirPattern().IsMatch(control.Model))
            {
                errors.Add($"controlNet[{i}].model", "must be a model AIR id");
            }

            ValidateImage(errors, $"controlNet[{i}].guideImage", control.GuideImage, maxInputBytes, required: true);
            if (control.Weight is < 0 or > 1)
            {
                errors.Add($"controlNet[{i}].weight", "must be between 0 and 1");
            }

            if (control.ControlMode is not null && !s_controlModes.Contains(control.ControlMode))
            {
                errors.Add($"controlNet[{i}].controlMode", "must be balanced, prompt or controlnet");
            }
        }

        errors.Range("timeoutSeconds", request.TimeoutSeconds, 10, 3600);

        normalized = request with
        {
            Kind = kind,
            Prompt = request.Prompt?.Trim(),
            Model = model,
            Width = request.Width ?? 512,
            Height = request.Height ?? 512,
            Steps = request.Steps ?? 20,
            CfgScale = request.CfgScale ?? 7,
            NumberResults = request.NumberResults ?? 1,
            OutputFormat = format,
            Preview = request.Preview ?? false,
            Strength = kind == GenerationKinds.TextToImage ? null : request.Strength ?? 0.8,
            TimeoutSeconds = request.TimeoutSeconds ?? 300,
        };
        return errors.ToDictionary();
    }

    public static Dictionary<string, string[]> Validate(VideoRequest request, long maxInputBytes, out VideoRequest normalized)
    {
        var errors = new ValidationErrors();
        ValidatePrompt(errors, request.Prompt, request.NegativePrompt);
        var model = ValidateModel(errors, request.Model, DefaultVideoModel);
        ValidateSize(errors, request.Width, request.Height);
        errors.Range("duration", request.Duration, 1, 10);
        errors.Range("fps", request.Fps, 8, 60);
        errors.Range("timeoutSeconds", request.TimeoutSeconds, 10, 3600);
        var format = request.OutputFormat?.ToUpperInvariant() ?? "MP4";
        if (!s_videoFormats.Contains(format))
        {
            errors.Add("outputFormat", "must be MP4 or WEBM");
        }

        if (request.FrameImage is not null)
        {
            ValidateImage(errors, "frameImage", request.FrameImage, maxInputBytes, required: true);
        }

        normalized = request with
        {
            Prompt = request.Prompt?.Trim(),
            Model = model,
            Width = request.Width ?? 512,
            Height = request.Height ?? 512,
            Duration = request.Duration ?? 3,
            Fps = request.Fps ?? 24,
            OutputFormat = format,
            TimeoutSeconds = request.TimeoutSeconds ?? 600,
        };
        return errors.ToDictionary();
    }

    private static void ValidatePrompt(ValidationErrors errors, string? prompt, string? negativePrompt)
    {
        var length = prompt?.Trim().Length ?? 0;
        if (length == 0)
        {
            errors.Add("prompt", "is required");
        }
        else if (length is < 2 or > 2000)
        {
            errors.Add("prompt", "must be between 2 and 2000 characters");
        }

        if (negativePrompt is { Length: > 2000 })
        {
            errors.Add("negativePrompt", "must be at most 2000 characters");
        }
    }

    private static string ValidateModel(ValidationErrors errors, string? model, string fallback)
    {
        if (model is null)
        {
            return fallback;
        }

        if (!AirPattern().IsMatch(model))
        {
            errors.Add("model", "must be a model AIR id such as runware:100@1");
        }

        return model;
    }

    private static void ValidateSize(ValidationErrors errors, int? width, int? height)
    {
        foreach (var (field, value) in new[] { ("width", width), ("height", height) })
        {
            if (value is { } size && (size < 128 || size > 2048 || size % 64 != 0))
            {
                errors.Add(field, "must be a multiple of 64 between 128 and 2048");
            }
        }
    }

    private static void ValidateImage(ValidationErrors errors, string field, string? value, long maxInputBytes, bool required)
    {
        if (value is null && !required)
        {
            return;
        }

        if (!ImageInput.TryParse(value, maxInputBytes, out _, out var error))
        {
            errors.Add(field, error!);
        }
    }
}
