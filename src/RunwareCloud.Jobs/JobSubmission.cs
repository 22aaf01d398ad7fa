using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Redis;

namespace RunwareCloud.Jobs;

/// <summary>
/// The conventions every job-creating POST follows: <c>Idempotency-Key</c> (a repeat of the same key and body returns the
/// first job; the same key with another body is 409) and <c>Prefer: wait=N</c>.
/// </summary>
public sealed class JobSubmission(IIdempotencyStore idempotency, TimeProvider clock)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private static readonly TimeSpan s_keyLifetime = TimeSpan.FromHours(24);

    public async Task<IResult> SubmitAsync(
        HttpContext http,
        string scope,
        object request,
        Func<CancellationToken, Task<JobView>> create,
        Func<Guid, CancellationToken, Task<JobView?>> load,
        string locationPrefix)
    {
        var cancellationToken = http.RequestAborted;
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        JobView job;
        if (string.IsNullOrEmpty(key))
        {
            job = await create(cancellationToken);
        }
        else
        {
            if (key.Length > 255)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    [IdempotencyKeyHeader] = ["must be at most 255 characters"],
                });
            }

            var userScope = $"{scope}:{http.User.GetUserId():N}";
            var hash = HashRequest(http, request);
            var reservation = await idempotency.TryReserveAsync(userScope, key, hash, s_keyLifetime, cancellationToken);
            switch (reservation.Status)
            {
                case IdempotencyStatus.Conflict:
                    return Problem(StatusCodes.Status409Conflict, "Idempotency key reused",
                        $"The {IdempotencyKeyHeader} was already used with a different request body.");
                case IdempotencyStatus.InProgress:
                    return Problem(StatusCodes.Status409Conflict, "Request in progress",
                        $"A request with this {IdempotencyKeyHeader} is still being processed; retry shortly.");
                case IdempotencyStatus.Completed:
                    var existing = Guid.TryParse(Encoding.UTF8.GetString(reservation.Response?.Body ?? []), out var existingId)
                        ? await load(existingId, cancellationToken)
                        : null;
                    return existing is null
                        ? Problem(StatusCodes.Status409Conflict, "Idempotency key reused",
                            $"The job created with this {IdempotencyKeyHeader} no longer exists.")
                        : await RespondAsync(http, existing, load, locationPrefix);
            }

            try
            {
                job = await create(cancellationToken);
            }
            catch
            {
                await idempotency.ReleaseAsync(userScope, key, hash, CancellationToken.None);
                throw;
            }

            await idempotency.CompleteAsync(userScope, key, hash, new IdempotentResponse
            {
                StatusCode = StatusCodes.Status202Accepted,
                Body = Encoding.UTF8.GetBytes(job.Id.ToString()),
                Headers = new Dictionary<string, string> { ["Location"] = $"{locationPrefix}/{job.Id}" },
            }, s_keyLifetime, CancellationToken.None);
        }

        return await RespondAsync(http, job, load, locationPrefix);
    }

    private async Task<IResult> RespondAsync(
        HttpContext http, JobView job, Func<Guid, CancellationToken, Task<JobView?>> load, string locationPrefix)
    {
        var location = $"{locationPrefix}/{job.Id}";
        if (PreferWait.Parse(http.Request) is { } wait && !JobStatus.IsTerminal(job.Status))
        {
            job = await PreferWait.WaitForTerminalAsync(ct => load(job.Id, ct), wait, clock, http.RequestAborted) ?? job;
            http.Response.Headers["Preference-Applied"] = $"wait={(int)wait.TotalSeconds}";
        }

        return JobStatus.IsTerminal(job.Status)
            ? TypedResults.Ok(job)
            : TypedResults.Accepted(location, job);
    }

    public static string HashRequest(HttpContext http, object request)
    {
        var body = JsonSerializer.Serialize(request, request.GetType(), JsonSerializerOptions.Web);
        var material = $"{http.Request.Method} {http.Request.Path}\n{body}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    public static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
