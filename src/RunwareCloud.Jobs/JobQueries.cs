using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace RunwareCloud.Jobs;

public static class JobQueries
{
    public const int MaxPageSize = 100;

    /// <summary>Jobs the caller may see: their own, or every job for an admin.</summary>
    public static IQueryable<TJob> VisibleTo<TJob>(this IQueryable<TJob> jobs, ClaimsPrincipal user) where TJob : Job
    {
        var userId = user.GetUserId();
        return user.IsAdmin() ? jobs : jobs.Where(j => j.UserId == userId);
    }

    /// <summary>The caller's jobs, newest first, one keyset page at a time.</summary>
    public static async Task<Results<Ok<JobPage>, ValidationProblem>> ListAsync<TJob>(
        IQueryable<TJob> jobs, ClaimsPrincipal user, string? status, string? kind, string? cursor, int? limit,
        Func<TJob, JobView> toView, CancellationToken cancellationToken)
        where TJob : Job
    {
        var errors = new ValidationErrors();
        if (status is not null && !JobStatus.All.Contains(status))
        {
            errors.Add("status", $"must be one of {string.Join(", ", JobStatus.All)}");
        }

        if (!JobCursor.TryDecode(cursor, out var after) && cursor is not null)
        {
            errors.Add("cursor", "is not a cursor returned by this API");
        }

        errors.Range("limit", limit, 1, MaxPageSize);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var userId = user.GetUserId();
        var query = jobs.AsNoTracking().Where(j => j.UserId == userId);
        if (status is not null)
        {
            query = query.Where(j => j.Status == status);
        }

        if (kind is not null)
        {
            query = query.Where(j => j.Kind == kind);
        }

        if (cursor is not null)
        {
            query = query.Where(j => j.CreatedAt < after.CreatedAt || (j.CreatedAt == after.CreatedAt && j.Id.CompareTo(after.Id) < 0));
        }

        var size = limit ?? 20;
        var page = await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = page.Count > size ? new JobCursor(page[size - 1].CreatedAt, page[size - 1].Id).Encode() : null;
        return TypedResults.Ok(new JobPage(page.Take(size).Select(toView).ToList(), next));
    }

    /// <summary>The correlation id of a new job: the request's trace id, so logs, traces and messages line up.</summary>
    public static Guid NewCorrelationId()
    {
        if (Activity.Current?.TraceId is { } traceId && traceId != default)
        {
            Span<byte> bytes = stackalloc byte[16];
            traceId.CopyTo(bytes);
            return new Guid(bytes);
        }

        return Guid.NewGuid();
    }
}
