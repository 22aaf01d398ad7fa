using RunwareCloud.Jobs;

namespace RunwareCloud.Generation.Api.Apis;

/// <summary>The checks that need the network: models Runware must know, and input URLs the SSRF guard must allow.</summary>
public sealed class GenerationInputChecks(ModelAvailability models, ImageInputResolver inputs)
{
    public async Task<Dictionary<string, string[]>> CheckAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        await CheckModelAsync(errors, "model", request.Model!, cancellationToken);
        for (var i = 0; i < (request.Lora?.Count ?? 0); i++)
        {
            await CheckModelAsync(errors, $"lora[{i}].model", request.Lora![i].Model!, cancellationToken);
        }

        await CheckUrlAsync(errors, "seedImage", request.SeedImage, cancellationToken);
        await CheckUrlAsync(errors, "maskImage", request.MaskImage, cancellationToken);
        for (var i = 0; i < (request.ControlNet?.Count ?? 0); i++)
        {
            await CheckUrlAsync(errors, $"controlNet[{i}].guideImage", request.ControlNet![i].GuideImage, cancellationToken);
        }

        return errors.ToDictionary();
    }

    public async Task<Dictionary<string, string[]>> CheckAsync(VideoRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        await CheckModelAsync(errors, "model", request.Model!, cancellationToken);
        await CheckUrlAsync(errors, "frameImage", request.FrameImage, cancellationToken);
        return errors.ToDictionary();
    }

    private async Task CheckModelAsync(ValidationErrors errors, string field, string air, CancellationToken cancellationToken)
    {
        if (await models.ExistsAsync(air, cancellationToken) == false)
        {
            errors.Add(field, $"'{air}' is not a model Runware knows");
        }
    }

    private async Task CheckUrlAsync(ValidationErrors errors, string field, string? value, CancellationToken cancellationToken)
    {
        if (value is not null && ImageInput.TryParse(value, long.MaxValue, out var input, out _) && input!.Kind == ImageInputKind.Url
            && await inputs.Guard.CheckAsync(new Uri(input.Value), cancellationToken) is { } refusal)
        {
            errors.Add(field, refusal);
        }
    }
}
