using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.Jobs;
using RunwareCloud.Processing.Api.Model;

namespace RunwareCloud.Processing.Api.Apis;

public static class ProcessingApi
{
    private const string JobsPath = "/api/processing";
    private static readonly Uri s_processImageQueue = new("queue:process-image");
    private static readonly string[] s_outputFormats = ["PNG", "JPG", "WEBP"];

    public static IEndpointRouteBuilder MapProcessingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(JobsPath).WithTags("Processing").RequireAuthorization();

        api.MapPost("/remove-background", (ProcessingRequest request, HttpContext http, [AsParameters] ProcessingServices services) =>
            SubmitAsync(ProcessingOperations.RemoveBackground, request, http, services))
            .RequireAuthorization(Policies.CanWrite).WithName("RemoveBackground").WithSummary("Cut the subject out of an image");
        api.MapPost("/upscale", (ProcessingRequest request, HttpContext http, [AsParameters] ProcessingServices services) =>
            SubmitAsync(ProcessingOperations.Upscale, request, http, services))
            .RequireAuthorization(Policies.CanWrite).WithName("Upscale").WithSummary("Enlarge an image 2× or 4×");
        api.MapPost("/caption", (ProcessingRequest request, HttpContext http, [AsParameters] ProcessingServices services) =>
            SubmitAsync(ProcessingOperations.Caption, request, http, services))
            .RequireAuthorization(Policies.CanWrite).WithName("Caption").WithSummary("Describe an image in words");
        api.MapGet("/{id:guid}", GetJobAsync).WithName("GetProcessingJob");
        api.MapGet("/", ListJobsAsync).WithName("ListProcessingJobs");
        api.MapPost("/{id:guid}/cancel", CancelJobAsync).RequireAuthorization(Policies.CanWrite).WithName("CancelProcessingJob");

        return app;
    }

    public static async Task<IResult> SubmitAsync(
        string operation, ProcessingRequest request, HttpContext http, ProcessingServices services)
    {
        var errors = new ValidationErrors();
        if (!ImageInput.TryParse(request.Image, services.InputOptions.Value.MaxInputBytes, out var input, out var imageError))
        {
            errors.Add("image", imageError!);
        }
        else if (input!.Kind == ImageInputKind.Url
                 && await services.Inputs.Guard.CheckAsync(new Uri(input.Value), http.RequestAborted) is { } refusal)
        {
            errors.Add("image", refusal);
        }

        if (operation == ProcessingOperations.Upscale && request.UpscaleFactor is not (null or 2 or 4))
        {
            errors.Add("upscaleFactor", "must be 2 or 4");
        }

        if (request.OutputFormat is { } format && !s_outputFormats.Contains(format.ToUpperInvariant()))
        {
            errors.Add("outputFormat", "must be PNG, JPG or WEBP");
        }

        errors.Range("timeoutSeconds", request.TimeoutSeconds, 10, 3600);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var normalized = request with
        {
            Image = input!.Value,
            UpscaleFactor = operation == ProcessingOperations.Upscale ? request.UpscaleFactor ?? 2 : null,
            OutputFormat = request.OutputFormat?.ToUpperInvariant() ?? "PNG",
            TimeoutSeconds = request.TimeoutSeconds ?? 300,
        };
        return await services.Submission.SubmitAsync(http, $"processing:{operation}", normalized,
            ct => CreateJobAsync(services, http.User, operation, normalized, ct),
            (id, ct) => LoadAsync(services, http.User, id, ct),
            JobsPath);
    }

    public static Task<Results<Ok<JobView>, NotFound>> GetJobAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] ProcessingServices services, CancellationToken cancellationToken) =>
        JobEndpoints.GetAsync(services.Store, user, id, job => job.ToView(), cancellationToken);

    public static Task<Results<Ok<JobPage>, ValidationProblem>> ListJobsAsync(
        ClaimsPrincipal user, [AsParameters] ProcessingServices services, CancellationToken cancellationToken,
        string? status = null, string? kind = null, string? cursor = null, int? limit = null) =>
        JobQueries.ListAsync(services.Store.Jobs, user, status, kind, cursor, limit, job => job.ToView(), cancellationToken);

    public static Task<Results<Ok<JobView>, NotFound, ProblemHttpResult>> CancelJobAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] ProcessingServices services, CancellationToken cancellationToken) =>
        JobEndpoints.CancelAsync(services.Store, user, id, services.Clock,
            (job, now) => new ImageProcessingFailed
            {
                JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, Operation = job.Kind,
                ErrorCode = "canceled", ErrorMessage = "The job was canceled.", OrderId = job.OrderId, OrderImageId = job.OrderImageId,
                FailedAt = now,
            },
            job => job.ToView(), cancellationToken);

    private static async Task<JobView> CreateJobAsync(
        ProcessingServices services, ClaimsPrincipal user, string operation, ProcessingRequest request, CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        var job = new ProcessingJob
        {
            Id = Guid.CreateVersion7(now),
            UserId = user.GetUserId(),
            CorrelationId = JobQueries.NewCorrelationId(),
            Kind = operation,
            Status = JobStatus.Queued,
            CreatedAt = now,
            Deadline = now.AddSeconds(request.TimeoutSeconds!.Value),
            Input = request.Image!,
            UpscaleFactor = request.UpscaleFactor,
            RequestJson = JsonSerializer.Serialize(ForDisplay(request), JobViews.Json),
        };
        await services.Store.CreateAsync(job, new ProcessImage
        {
            JobId = job.Id, UserId = job.UserId, CorrelationId = job.CorrelationId, Operation = operation,
            InputUrl = job.Input, UpscaleFactor = job.UpscaleFactor, RequestedAt = now,
        }, s_processImageQueue, cancellationToken);
        return job.ToView();
    }

    /// <summary>A data URI can be megabytes: the job shows its size instead of echoing it back on every read.</summary>
    private static ProcessingRequest ForDisplay(ProcessingRequest request) =>
        request.Image!.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            ? request with { Image = $"data URI ({request.Image.Length} characters)" }
            : request;

    private static async Task<JobView?> LoadAsync(ProcessingServices services, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken) =>
        (await services.Store.FindVisibleAsync(user, id, cancellationToken))?.ToView();
}
