using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Jobs;

/// <summary>Reading and canceling a job work the same in every job service; a service names only its view and its canceled event.</summary>
public static class JobEndpoints
{
    public static async Task<TJob?> FindVisibleAsync<TDbContext, TJob>(
        this JobStore<TDbContext, TJob> store, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
        where TDbContext : DbContext
        where TJob : Job =>
        await store.Jobs.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(j => j.Id == id, cancellationToken);

    public static async Task<Results<Ok<JobView>, NotFound>> GetAsync<TDbContext, TJob>(
        JobStore<TDbContext, TJob> store, ClaimsPrincipal user, Guid id, Func<TJob, JobView> view, CancellationToken cancellationToken)
        where TDbContext : DbContext
        where TJob : Job
    {
        var job = await store.FindVisibleAsync(user, id, cancellationToken);
        return job is null ? TypedResults.NotFound() : TypedResults.Ok(view(job));
    }

    /// <summary>A queued job is canceled at once; a running one is marked canceled and its worker's result is discarded.</summary>
    public static async Task<Results<Ok<JobView>, NotFound, ProblemHttpResult>> CancelAsync<TDbContext, TJob>(
        JobStore<TDbContext, TJob> store, ClaimsPrincipal user, Guid id, TimeProvider clock,
        Func<TJob, DateTimeOffset, object> canceledMessage, Func<TJob, JobView> view, CancellationToken cancellationToken)
        where TDbContext : DbContext
        where TJob : Job
    {
        var job = await store.FindVisibleAsync(user, id, cancellationToken);
        if (job is null)
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        if (!await store.TryCancelAsync(job.Id, now, canceledMessage(job, now), cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job already ended",
                detail: "The job has already ended and can no longer be canceled.");
        }

        return TypedResults.Ok(view((await store.FindVisibleAsync(user, id, cancellationToken))!));
    }
}
