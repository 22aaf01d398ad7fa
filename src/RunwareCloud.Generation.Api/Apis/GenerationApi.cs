using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Generation.Api.Model;
using RunwareCloud.Jobs;

namespace RunwareCloud.Generation.Api.Apis;

public static class GenerationApi
{
    private const string JobsPath = "/api/generations";

    public static IEndpointRouteBuilder MapGenerationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(JobsPath).WithTags("Generations").RequireAuthorization();

        api.MapPost("/", SubmitGenerationAsync).RequireAuthorization(Policies.CanWrite)
            .WithName("SubmitGeneration").WithSummary("Queue an image generation (text-to-image, image-to-image, inpainting)");
        api.MapPost("/videos", SubmitVideoAsync).RequireAuthorization(Policies.CanWrite)
            .WithName("SubmitVideo").WithSummary("Queue a video generation");
        api.MapGet("/{id:guid}", GetGenerationAsync).WithName("GetGeneration");
        api.MapGet("/", ListGenerationsAsync).WithName("ListGenerations");
        api.MapPost("/{id:guid}/cancel", CancelGenerationAsync).RequireAuthorization(Policies.CanWrite)
            .WithName("CancelGeneration").WithSummary("Cancel a queued or running job");

        return app;
    }

    public static async Task<IResult> SubmitGenerationAsync(
        GenerationRequest request, HttpContext http, [AsParameters] GenerationServices services)
    {
        var errors = GenerationValidator.Validate(request, services.Inputs.Value.MaxInputBytes, out var normalized);
        if (errors.Count == 0)
        {
            errors = await services.Checks.CheckAsync(normalized, http.RequestAborted);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await services.Submission.SubmitAsync(http, "generations", normalized,
            ct => CreateJobAsync(services, http.User, normalized.Kind!, normalized.Prompt!, normalized.Model!, normalized,
                normalized.TimeoutSeconds!.Value, ct),
            (id, ct) => LoadAsync(services, http.User, id, ct),
            JobsPath);
    }

    public static async Task<IResult> SubmitVideoAsync(
        VideoRequest request, HttpContext http, [AsParameters] GenerationServices services)
    {
        var errors = GenerationValidator.Validate(request, services.Inputs.Value.MaxInputBytes, out var normalized);
        if (errors.Count == 0)
        {
            errors = await services.Checks.CheckAsync(normalized, http.RequestAborted);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await services.Submission.SubmitAsync(http, "videos", normalized,
            ct => CreateJobAsync(services, http.User, GenerationKinds.Video, normalized.Prompt!, normalized.Model!, normalized,
                normalized.TimeoutSeconds!.Value, ct),
            (id, ct) => LoadAsync(services, http.User, id, ct),
            JobsPath);
    }

    public static Task<Results<Ok<JobView>, NotFound>> GetGenerationAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] GenerationServices services, CancellationToken cancellationToken) =>
        JobEndpoints.GetAsync(services.Store, user, id, job => job.ToView(), cancellationToken);

    public static Task<Results<Ok<JobPage>, ValidationProblem>> ListGenerationsAsync(
        ClaimsPrincipal user, [AsParameters] GenerationServices services, CancellationToken cancellationToken,
        string? status = null, string? kind = null, string? cursor = null, int? limit = null) =>
        JobQueries.ListAsync(services.Store.Jobs, user, status, kind, cursor, limit, job => job.ToView(), cancellationToken);

    public static Task<Results<Ok<JobView>, NotFound, ProblemHttpResult>> CancelGenerationAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] GenerationServices services, CancellationToken cancellationToken) =>
        JobEndpoints.CancelAsync(services.Store, user, id, services.Clock,
            (job, now) => new GenerationCanceled { JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, CanceledAt = now },
            job => job.ToView(), cancellationToken);

    private static async Task<JobView> CreateJobAsync(
        GenerationServices services, ClaimsPrincipal user, string kind, string prompt, string model, object request,
        int timeoutSeconds, CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        var job = new GenerationJob
        {
            Id = Guid.CreateVersion7(now),
            UserId = user.GetUserId(),
            CorrelationId = JobQueries.NewCorrelationId(),
            Kind = kind,
            Status = JobStatus.Queued,
            CreatedAt = now,
            Deadline = now.AddSeconds(timeoutSeconds),
            Prompt = prompt,
            Model = model,
            RequestJson = JsonSerializer.Serialize(request, request.GetType(), JobViews.Json),
        };
        await services.Store.CreateAsync(job, new GenerationRequested
        {
            JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, Kind = kind, RequestedAt = now,
        }, destination: null, cancellationToken);
        return job.ToView();
    }

    private static async Task<JobView?> LoadAsync(GenerationServices services, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken) =>
        (await services.Store.FindVisibleAsync(user, id, cancellationToken))?.ToView();
}
