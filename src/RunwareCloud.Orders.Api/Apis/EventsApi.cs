using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Orders.Api.Model;
using RunwareCloud.Orders.Api.Pmr;

namespace RunwareCloud.Orders.Api.Apis;

public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/events").WithTags("Events").RequireAuthorization();

        api.MapPost("/", CreateEventAsync).RequireAuthorization(Policies.CanWrite).WithSummary("Register a PMR event (checked with the PMR)");
        api.MapGet("/", ListEventsAsync);
        api.MapGet("/{eventId}", GetEventAsync);
        api.MapPut("/{eventId}", UpdateEventAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Admin, Roles.Manager));
        api.MapDelete("/{eventId}", DeleteEventAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Admin, Roles.Manager));

        return api;
    }

    public static async Task<Results<Created<PhotoEvent>, ValidationProblem, Conflict<string>, ProblemHttpResult>> CreateEventAsync(
        EventRequest request, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var errors = OrderValidation.Validate(request, requireId: true);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var eventId = request.EventId!.Trim();
        if (await services.Db.Events.AnyAsync(e => e.Id == eventId, cancellationToken))
        {
            return TypedResults.Conflict($"Event '{eventId}' is already registered.");
        }

        try
        {
            if (!await services.Events.ExistsAsync(eventId, cancellationToken))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["eventId"] = [$"The PMR does not know event '{eventId}'."] });
            }
        }
        catch (PmrUnavailableException)
        {
            return TypedResults.Problem("The PMR cannot confirm the event right now.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var now = services.Clock.GetUtcNow();
        var photoEvent = new PhotoEvent
        {
            Id = eventId, Name = request.Name!.Trim(), Date = request.Date, Location = request.Location, CreatedBy = user.GetUserId(),
            CreatedAt = now, UpdatedAt = now,
        };
        services.Db.Events.Add(photoEvent);
        services.Audit.Record(services.Db, "event.created", eventId: eventId, details: request);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/events/{Uri.EscapeDataString(eventId)}", photoEvent);
    }

    public static async Task<Ok<List<PhotoEvent>>> ListEventsAsync([AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken) =>
        TypedResults.Ok(await parameters.Services.Db.Events.AsNoTracking().OrderByDescending(e => e.CreatedAt).Take(500).ToListAsync(cancellationToken));

    public static async Task<Results<Ok<PhotoEvent>, NotFound>> GetEventAsync(
        string eventId, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken) =>
        await parameters.Services.Db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.NotFound();

    public static async Task<Results<Ok<PhotoEvent>, NotFound, ValidationProblem>> UpdateEventAsync(
        string eventId, EventRequest request, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var errors = OrderValidation.Validate(request, requireId: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var photoEvent = await services.Db.Events.FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (photoEvent is null)
        {
            return TypedResults.NotFound();
        }

        photoEvent.Name = request.Name!.Trim();
        photoEvent.Date = request.Date;
        photoEvent.Location = request.Location;
        photoEvent.UpdatedAt = services.Clock.GetUtcNow();
        services.Audit.Record(services.Db, "event.updated", eventId: eventId, details: request);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(photoEvent);
    }

    public static async Task<Results<NoContent, NotFound, Conflict<string>>> DeleteEventAsync(
        string eventId, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var photoEvent = await services.Db.Events.FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (photoEvent is null)
        {
            return TypedResults.NotFound();
        }

        if (await services.Db.Orders.AnyAsync(o => o.EventId == eventId, cancellationToken))
        {
            return TypedResults.Conflict("The event has orders.");
        }

        services.Db.Events.Remove(photoEvent);
        services.Audit.Record(services.Db, "event.deleted", eventId: eventId);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
