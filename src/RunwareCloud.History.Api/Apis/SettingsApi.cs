using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Apis;

public sealed record SettingsResponse(string DefaultModel, int Width, int Height, int Steps, string OutputFormat);

public sealed record UpdateSettingsRequest
{
    public string? DefaultModel { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Steps { get; init; }
    public string? OutputFormat { get; init; }
}

public sealed class SettingsServices(HistoryDbContext db, TimeProvider clock)
{
    public HistoryDbContext Db { get; } = db;
    public TimeProvider Clock { get; } = clock;
}

public static partial class SettingsApi
{
    public static readonly SettingsResponse Defaults = new("runware:100@1", 1024, 1024, 20, "PNG");
    private static readonly string[] s_outputFormats = ["PNG", "JPG", "WEBP"];

    public static RouteGroupBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/settings").WithTags("Settings").RequireAuthorization();

        api.MapGet("/", GetSettingsAsync).WithName("GetSettings").WithSummary("The caller's generation defaults");
        api.MapPut("/", PutSettingsAsync).WithName("PutSettings").RequireAuthorization(Policies.CanWrite);

        return api;
    }

    public static async Task<Ok<SettingsResponse>> GetSettingsAsync(
        ClaimsPrincipal user, [AsParameters] SettingsServices services, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var settings = await services.Db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        return TypedResults.Ok(settings is null
            ? Defaults
            : new SettingsResponse(settings.DefaultModel, settings.Width, settings.Height, settings.Steps, settings.OutputFormat));
    }

    public static async Task<Results<Ok<SettingsResponse>, ValidationProblem>> PutSettingsAsync(
        UpdateSettingsRequest request, ClaimsPrincipal user, [AsParameters] SettingsServices services, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var settings = new SettingsResponse(
            request.DefaultModel!.Trim(), request.Width!.Value, request.Height!.Value, request.Steps!.Value, request.OutputFormat!.ToUpperInvariant());
        var userId = user.GetUserId();
        var now = services.Clock.GetUtcNow();
        await services.Db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_settings (user_id, default_model, width, height, steps, output_format, updated_at)
            VALUES ({userId}, {settings.DefaultModel}, {settings.Width}, {settings.Height}, {settings.Steps}, {settings.OutputFormat}, {now})
            ON CONFLICT (user_id) DO UPDATE SET default_model = excluded.default_model, width = excluded.width, height = excluded.height,
                steps = excluded.steps, output_format = excluded.output_format, updated_at = excluded.updated_at
            """, cancellationToken);
        return TypedResults.Ok(settings);
    }

    public static Dictionary<string, string[]> Validate(UpdateSettingsRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.DefaultModel))
        {
            errors["defaultModel"] = ["is required"];
        }
        else if (request.DefaultModel.Trim().Length > 128 || !ModelIdentifier().IsMatch(request.DefaultModel.Trim()))
        {
            errors["defaultModel"] = ["must be a model identifier such as runware:100@1"];
        }

        ValidateDimension(request.Width, "width", errors);
        ValidateDimension(request.Height, "height", errors);

        if (request.Steps is not { } steps)
        {
            errors["steps"] = ["is required"];
        }
        else if (steps is < 1 or > 100)
        {
            errors["steps"] = ["must be between 1 and 100"];
        }

        if (string.IsNullOrWhiteSpace(request.OutputFormat))
        {
            errors["outputFormat"] = ["is required"];
        }
        else if (!s_outputFormats.Contains(request.OutputFormat.ToUpperInvariant()))
        {
            errors["outputFormat"] = [$"must be one of {string.Join(", ", s_outputFormats)}"];
        }

        return errors;
    }

    private static void ValidateDimension(int? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is not { } pixels)
        {
            errors[field] = ["is required"];
        }
        else if (pixels is < 128 or > 2048 || pixels % 64 != 0)
        {
            errors[field] = ["must be a multiple of 64 between 128 and 2048"];
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+$")]
    private static partial Regex ModelIdentifier();
}
