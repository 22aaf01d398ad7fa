using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.Orders;
using RunwareCloud.Orders.Api.Model;
using RunwareCloud.Orders.Api.Pmr;
using RunwareCloud.Orders.Api.Workflow;

namespace RunwareCloud.Orders.Api.Apis;

public static class OrdersApi
{
    public const int MaxImagesPerOrder = 500;

    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization();

        api.MapPost("/", CreateOrderAsync).RequireAuthorization(Policies.CanWrite).WithName("CreateOrder")
            .AddEndpointFilter<IdempotencyFilter>();
        api.MapGet("/", ListOrdersAsync).WithName("ListOrders");
        api.MapGet("/{id:guid}", GetOrderAsync).WithName("GetOrder");
        api.MapPut("/{id:guid}", UpdateOrderAsync).RequireAuthorization(Policies.CanWrite);
        api.MapDelete("/{id:guid}", DeleteOrderAsync).RequireAuthorization(Policies.CanWrite);
        api.MapPost("/{id:guid}/images", AddImagesAsync).RequireAuthorization(Policies.CanWrite).DisableAntiforgery()
            .WithSummary("Add photos (multipart, many files) to a draft order");
        api.MapPost("/{id:guid}/submit", SubmitOrderAsync).RequireAuthorization(Policies.CanWrite).AddEndpointFilter<IdempotencyFilter>();
        api.MapPost("/{id:guid}/retry", RetryOrderAsync).RequireAuthorization(Policies.CanWrite).WithSummary("Re-run the failed images");
        api.MapPost("/{id:guid}/cancel", CancelOrderAsync).RequireAuthorization(Policies.CanWrite);
        api.MapGet("/{id:guid}/audit", GetOrderAuditAsync);

        return api;
    }

    public static async Task<Results<Created<OrderView>, ValidationProblem>> CreateOrderAsync(
        OrderRequest request, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var errors = OrderValidation.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = services.Clock.GetUtcNow();
        var order = new Order
        {
            Id = Guid.CreateVersion7(),
            UserId = user.GetUserId(),
            CorrelationId = Guid.NewGuid(),
            EventId = request.EventId!.Trim(),
            CustomerName = request.CustomerName!.Trim(),
            CustomerEmail = request.CustomerEmail?.Trim(),
            RemoveBackground = request.Options?.RemoveBackground ?? false,
            UpscaleFactor = request.Options?.UpscaleFactor,
            Caption = request.Options?.Caption ?? false,
            Status = OrderStatus.Draft,
            CreatedAt = now,
            UpdatedAt = now,
        };
        services.Db.Orders.Add(order);
        services.Audit.Record(services.Db, "order.created", order.Id, order.EventId, request);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/orders/{order.Id}", OrderView.From(order));
    }

    public static async Task<Results<Ok<List<OrderView>>, ValidationProblem>> ListOrdersAsync(
        string? status, string? eventId, int? limit, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters,
        CancellationToken cancellationToken)
    {
        if (status is not null && !OrderStatus.All.Contains(status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"Status must be one of {string.Join(", ", OrderStatus.All)}."] });
        }

        var query = parameters.Services.Db.Orders.AsNoTracking().Include(o => o.Images).AsQueryable();
        if (!OrderAccess.SeesAll(user))
        {
            var userId = user.GetUserId();
            query = query.Where(o => o.UserId == userId);
        }

        if (status is not null)
        {
            query = query.Where(o => o.Status == status);
        }

        if (eventId is not null)
        {
            query = query.Where(o => o.EventId == eventId);
        }

        var orders = await query.OrderByDescending(o => o.CreatedAt).Take(Math.Clamp(limit ?? 50, 1, 200)).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(orders.Select(OrderView.From).ToList());
    }

    public static async Task<Results<Ok<OrderView>, NotFound>> GetOrderAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var order = await parameters.Services.Db.Orders.AsNoTracking().Include(o => o.Images).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return order is not null && OrderAccess.CanRead(user, order) ? TypedResults.Ok(OrderView.From(order)) : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<OrderView>, NotFound, ForbidHttpResult, ValidationProblem, Conflict<string>>> UpdateOrderAsync(
        Guid id, OrderRequest request, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var order = await services.Db.Orders.Include(o => o.Images).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !OrderAccess.CanRead(user, order))
        {
            return TypedResults.NotFound();
        }

        if (!OrderAccess.CanChange(user, order))
        {
            return TypedResults.Forbid();
        }

        var errors = OrderValidation.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (order.Status != OrderStatus.Draft)
        {
            return TypedResults.Conflict("Only a draft order can be changed.");
        }

        order.EventId = request.EventId!.Trim();
        order.CustomerName = request.CustomerName!.Trim();
        order.CustomerEmail = request.CustomerEmail?.Trim();
        order.RemoveBackground = request.Options?.RemoveBackground ?? false;
        order.UpscaleFactor = request.Options?.UpscaleFactor;
        order.Caption = request.Options?.Caption ?? false;
        order.UpdatedAt = services.Clock.GetUtcNow();
        services.Audit.Record(services.Db, "order.updated", order.Id, order.EventId, request);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(OrderView.From(order));
    }

    public static async Task<Results<NoContent, NotFound, ForbidHttpResult, Conflict<string>>> DeleteOrderAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var order = await services.Db.Orders.Include(o => o.Images).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !OrderAccess.CanRead(user, order))
        {
            return TypedResults.NotFound();
        }

        if (!OrderAccess.CanChange(user, order))
        {
            return TypedResults.Forbid();
        }

        if (order.Status != OrderStatus.Draft && !OrderStatus.IsTerminal(order.Status))
        {
            return TypedResults.Conflict("An order in progress cannot be deleted; cancel it first.");
        }

        services.Db.Orders.Remove(order);
        services.Audit.Record(services.Db, "order.deleted", order.Id, order.EventId, new { order.Status });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<OrderView>, NotFound, ForbidHttpResult, ValidationProblem, Conflict<string>>> AddImagesAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var order = await services.Db.Orders.Include(o => o.Images).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !OrderAccess.CanRead(user, order))
        {
            return TypedResults.NotFound();
        }

        if (!OrderAccess.CanChange(user, order))
        {
            return TypedResults.Forbid();
        }

        if (order.Status != OrderStatus.Draft)
        {
            return TypedResults.Conflict("Photos can only be added to a draft order.");
        }

        if (!request.HasFormContentType)
        {
            return Invalid("files", "Send the photos as multipart/form-data.");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.Count == 0 || form.Files.Any(f => f.Length == 0))
        {
            return Invalid("files", "At least one non-empty file is required.");
        }

        if (order.Images.Count + form.Files.Count > MaxImagesPerOrder)
        {
            return Invalid("files", $"An order holds at most {MaxImagesPerOrder} photos.");
        }

        var added = new List<object>();
        foreach (var file in form.Files)
        {
            StoredAsset asset;
            try
            {
                await using var stream = file.OpenReadStream();
                asset = await services.History.UploadAsync(order.UserId, stream, file.FileName, file.ContentType ?? "application/octet-stream", cancellationToken);
            }
            catch (AssetRejectedException exception) when (exception.StatusCode is >= 400 and < 500)
            {
                // The photos already stored stay on the order; the caller fixes this file and sends it again.
                await services.Db.SaveChangesAsync(cancellationToken);
                return Invalid("files", $"'{file.FileName}' was refused: {exception.Message}");
            }

            var image = new OrderImage
            {
                Id = Guid.CreateVersion7(),
                OrderId = order.Id,
                FileName = Path.GetFileName(file.FileName) is { Length: > 0 } name ? name[..Math.Min(name.Length, 260)] : "photo",
                ContentType = asset.ContentType ?? file.ContentType ?? "application/octet-stream",
                Size = asset.Size ?? file.Length,
                SourceAssetId = asset.Id,
                Status = ImageStatus.Pending,
                CreatedAt = services.Clock.GetUtcNow(),
            };
            order.Images.Add(image);
            services.Db.Images.Add(image);
            added.Add(new { imageId = image.Id, image.FileName, assetId = asset.Id });
        }

        order.UpdatedAt = services.Clock.GetUtcNow();
        services.Audit.Record(services.Db, "order.images-added", order.Id, order.EventId, new { count = added.Count, images = added });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(OrderView.From(order));
    }

    public static async Task<Results<Accepted<OrderView>, NotFound, ForbidHttpResult, ValidationProblem, Conflict<string>, ProblemHttpResult>> SubmitOrderAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var order = await services.Db.Orders.Include(o => o.Images).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !OrderAccess.CanRead(user, order))
        {
            return TypedResults.NotFound();
        }

        if (!OrderAccess.CanChange(user, order))
        {
            return TypedResults.Forbid();
        }

        if (order.Status != OrderStatus.Draft)
        {
            return TypedResults.Conflict($"The order is {order.Status}; only a draft can be submitted.");
        }

        if (order.Images.Count == 0)
        {
            return Invalid("images", "Add at least one photo before submitting.");
        }

        bool known;
        try
        {
            known = await services.Events.ExistsAsync(order.EventId, cancellationToken);
        }
        catch (PmrUnavailableException)
        {
            return TypedResults.Problem("The PMR cannot confirm the event right now; submit again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!known)
        {
            services.Audit.Record(services.Db, "order.submit-refused", order.Id, order.EventId, new { reason = "unknown event" });
            await services.Db.SaveChangesAsync(cancellationToken);
            return Invalid("eventId", $"The PMR does not know event '{order.EventId}'.");
        }

        var now = services.Clock.GetUtcNow();
        order.SubmittedAt = now;
        services.Audit.Record(services.Db, "order.submitted", order.Id, order.EventId, new { imageCount = order.Images.Count, plan = order.Plan() });
        services.Workflow.ChangeStatus(services.Db, order, OrderStatus.Processing);
        services.Outbox.Publish(new OrderSubmitted
        {
            OrderId = order.Id, UserId = order.UserId, CorrelationId = order.CorrelationId, EventId = order.EventId,
            ImageCount = order.Images.Count, SubmittedAt = now,
        });
        services.Workflow.StartImages(services.Db, order, order.Images);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/orders/{order.Id}", OrderView.From(order));
    }

    public static async Task<Results<Accepted<OrderView>, NotFound, ForbidHttpResult, Conflict<string>>> RetryOrderAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var order = await services.Db.Orders.Include(o => o.Images).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !OrderAccess.CanRead(user, order))
        {
            return TypedResults.NotFound();
        }

        if (!OrderAccess.CanChange(user, order))
        {
            return TypedResults.Forbid();
        }

        var failed = order.Images.Where(i => i.Status == ImageStatus.Failed).ToList();
        if (order.Status is not (OrderStatus.CompletedWithErrors or OrderStatus.Failed) || failed.Count == 0)
        {
            return TypedResults.Conflict("Only an order that ended with failed images can be retried.");
        }

        services.Audit.Record(services.Db, "order.retried", order.Id, order.EventId, new { images = failed.Select(i => i.Id) });
        order.CompletedAt = null;
        services.Workflow.ChangeStatus(services.Db, order, OrderStatus.Processing, $"Retrying {failed.Count} failed images.");
        services.Workflow.StartImages(services.Db, order, failed);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/orders/{order.Id}", OrderView.From(order));
    }

    public static async Task<Results<Ok<OrderView>, NotFound, ForbidHttpResult, Conflict<string>>> CancelOrderAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var order = await services.Db.Orders.Include(o => o.Images).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !OrderAccess.CanRead(user, order))
        {
            return TypedResults.NotFound();
        }

        if (!OrderAccess.CanChange(user, order))
        {
            return TypedResults.Forbid();
        }

        if (OrderStatus.IsTerminal(order.Status))
        {
            return TypedResults.Conflict($"The order is already {order.Status}.");
        }

        services.Audit.Record(services.Db, "order.canceled", order.Id, order.EventId, null);
        foreach (var image in order.Images.Where(i => i.Status is ImageStatus.Pending or ImageStatus.Processing))
        {
            image.CurrentJobId = null;
        }

        services.Workflow.ChangeStatus(services.Db, order, OrderStatus.Canceled, "Canceled by " + (user.Identity?.Name ?? "the owner") + ".");
        try
        {
            await services.Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Conflict("The order changed meanwhile; try again.");
        }

        return TypedResults.Ok(OrderView.From(order));
    }

    public static async Task<Results<Ok<List<AuditView>>, NotFound>> GetOrderAuditAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var order = await services.Db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        var entries = await services.Db.Audit.AsNoTracking().Where(a => a.OrderId == id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        if (order is null ? !user.IsInRole(Roles.Admin) || entries.Count == 0 : !OrderAccess.CanRead(user, order))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(entries.Select(AuditView.From).ToList());
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record OrdersServicesParameters([Microsoft.AspNetCore.Mvc.FromServices] OrdersServices Services);
