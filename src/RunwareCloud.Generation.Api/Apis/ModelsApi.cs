using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using RunwareCloud.Jobs;
using RunwareCloud.Runware;

namespace RunwareCloud.Generation.Api.Apis;

public static class ModelsApi
{
    private static readonly TimeSpan s_cacheLifetime = TimeSpan.FromMinutes(10);
    private static readonly string[] s_categories = ["checkpoint", "lora", "controlnet", "vae", "embeddings", "lycoris"];

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/models", SearchModelsAsync).WithTags("Models").RequireAuthorization()
            .WithName("SearchModels").WithSummary("Search Runware's model catalog (cached)");
        app.MapPost("/api/prompts/enhance", EnhancePromptAsync).WithTags("Prompts").RequireAuthorization(Policies.CanWrite)
            .WithName("EnhancePrompt").WithSummary("Rewrite a prompt into richer versions");
        return app;
    }

    public static async Task<IResult> SearchModelsAsync(
        IRunwareClient runware, IDistributedCache cache, CancellationToken cancellationToken,
        string? search = null, string? category = null, int? limit = null)
    {
        var errors = new ValidationErrors();
        if (category is not null && !s_categories.Contains(category))
        {
            errors.Add("category", $"must be one of {string.Join(", ", s_categories)}");
        }

        if (search is { Length: > 200 })
        {
            errors.Add("search", "must be at most 200 characters");
        }

        errors.Range("limit", limit, 1, 100);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var key = $"models:{category}:{limit ?? 50}:{search?.Trim().ToLowerInvariant()}";
        if (await cache.GetAsync(key, cancellationToken) is { } cached)
        {
            return TypedResults.Bytes(cached, "application/json");
        }

        var result = await RunwareFailures.TranslateAsync(() => runware.SearchModelsAsync(
            new ModelSearchRequest { Search = search, Category = category, Limit = limit ?? 50 }, cancellationToken));
        var body = JsonSerializer.SerializeToUtf8Bytes(new { total = result.TotalResults, models = result.Results }, JobViews.Json);
        await cache.SetAsync(key, body, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = s_cacheLifetime }, cancellationToken);
        return TypedResults.Bytes(body, "application/json");
    }

    public static async Task<IResult> EnhancePromptAsync(
        EnhancePromptRequest request, IRunwareClient runware, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var length = request.Prompt?.Trim().Length ?? 0;
        if (length is < 2 or > 2000)
        {
            errors.Add("prompt", length == 0 ? "is required" : "must be between 2 and 2000 characters");
        }

        errors.Range("versions", request.Versions, 1, 5);
        errors.Range("maxLength", request.MaxLength, 12, 400);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        try
        {
            var prompts = await RunwareFailures.TranslateAsync(() => runware.EnhancePromptAsync(new PromptEnhanceRequest
            {
                Prompt = request.Prompt!.Trim(),
                PromptVersions = request.Versions ?? 1,
                PromptMaxLength = request.MaxLength ?? 380,
            }, cancellationToken));
            var cost = prompts.Any(p => p.Cost is not null) ? (decimal?)prompts.Sum(p => p.Cost ?? 0) : null;
            return TypedResults.Ok(new EnhancePromptResponse(prompts.Select(p => p.Text).ToList(), cost));
        }
        catch (JobFailedException failure)
        {
            return TypedResults.Problem(title: "Prompt enhancement failed", detail: failure.Message,
                statusCode: failure.IsTransient ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
                extensions: new Dictionary<string, object?> { ["code"] = failure.Code });
        }
    }
}
