using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RunwareCloud.Notifications.Api.Notifications;
using RunwareCloud.Notifications.Api.Streaming;

namespace RunwareCloud.Notifications.Api.Apis;

public static class NotificationsApi
{
    public const string StreamPath = "/api/notifications/stream";
    private const int MaxPageSize = 500;

    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();

        api.MapGet("/stream", StreamNotificationsAsync)
            .WithName("StreamNotifications")
            .WithSummary("Server-Sent Events of the caller's notifications; resumes after Last-Event-ID")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        api.MapGet("/", ListNotificationsAsync)
            .WithName("ListNotifications")
            .WithSummary("The caller's recent notifications (the replay log), oldest first");

        return api;
    }

    public static async Task<Results<EmptyHttpResult, ValidationProblem>> StreamNotificationsAsync(
        HttpContext context,
        ClaimsPrincipal user,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery] string? lastEventId,
        [AsParameters] NotificationServices services,
        CancellationToken cancellationToken)
    {
        var resumeFrom = string.IsNullOrWhiteSpace(lastEventIdHeader) ? lastEventId : lastEventIdHeader;
        StreamId? resume = null;
        if (!string.IsNullOrWhiteSpace(resumeFrom))
        {
            if (!StreamId.TryParse(resumeFrom.Trim(), out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["lastEventId"] = ["Last-Event-ID must be an id this stream sent (for example 1732238400000-0)."],
                });
            }

            resume = parsed;
        }

        var userId = user.GetUserId();
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var stream = new NotificationStream(userId, services.Log, response.Body, services.Options.Value);
        using var registration = services.Subscribers.Add(stream);
        var start = resume ?? await services.Log.GetLatestIdAsync(userId, cancellationToken);
        try
        {
            await stream.RunAsync(start, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
        }

        return TypedResults.Empty;
    }

    public static async Task<Results<Ok<IReadOnlyList<Notification>>, ValidationProblem>> ListNotificationsAsync(
        ClaimsPrincipal user,
        [FromQuery] string? after,
        [FromQuery] int? limit,
        [AsParameters] NotificationServices services,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var from = StreamId.Zero;
        if (after is not null && !StreamId.TryParse(after, out from))
        {
            errors["after"] = ["after must be a notification id (for example 1732238400000-0)."];
        }

        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await services.Log.ReadAfterAsync(user.GetUserId(), from, limit ?? 100, cancellationToken));
    }
}
