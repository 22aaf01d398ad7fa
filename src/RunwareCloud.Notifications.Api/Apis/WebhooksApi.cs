using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RunwareCloud.Notifications.Api.Notifications;
using RunwareCloud.Notifications.Api.Webhooks;
using RunwareCloud.ServiceDefaults.Security;

namespace RunwareCloud.Notifications.Api.Apis;

public static class WebhooksApi
{
    private const int MaxDescriptionLength = 500;
    private const int MaxUrlLength = 2048;
    private const int MaxDeliveriesPage = 200;

    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization();

        api.MapPost("/", CreateWebhookAsync).WithName("CreateWebhook").WithSummary("Subscribe a URL to notifications; answers the signing secret once")
            .RequireAuthorization(Policies.CanWrite);
        api.MapGet("/", ListWebhooksAsync).WithName("ListWebhooks");
        api.MapGet("/{webhookId:guid}", GetWebhookAsync).WithName("GetWebhook");
        api.MapDelete("/{webhookId:guid}", DeleteWebhookAsync).WithName("DeleteWebhook").RequireAuthorization(Policies.CanWrite);
        api.MapPost("/{webhookId:guid}/enable", EnableWebhookAsync).WithName("EnableWebhook")
            .WithSummary("Re-enable a subscription disabled after repeated failures").RequireAuthorization(Policies.CanWrite);
        api.MapGet("/{webhookId:guid}/deliveries", ListDeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("The delivery log of a subscription, newest first, with every attempt");
        api.MapPost("/{webhookId:guid}/deliveries/{deliveryId:guid}/redeliver", RedeliverAsync).WithName("RedeliverWebhook")
            .WithSummary("Send a delivery again, with the same webhook-id").RequireAuthorization(Policies.CanWrite);

        return api;
    }

    public static async Task<Results<Created<CreatedWebhookSubscription>, ValidationProblem>> CreateWebhookAsync(
        CreateWebhookRequest request, ClaimsPrincipal user, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var errors = new Dictionary<string, string[]>();
        if (await CheckTargetAsync(request.Url, services.Guard, cancellationToken) is { } urlError)
        {
            errors["url"] = [urlError];
        }

        if (request.Secret is not null && !WebhookSigner.IsValidSecret(request.Secret))
        {
            errors["secret"] = [$"secret must be '{WebhookSigner.SecretPrefix}' followed by base64 of 24 to 64 random bytes; omit it to have one generated."];
        }

        var eventTypes = request.EventTypes?.Select(type => type.Trim()).Distinct(StringComparer.Ordinal).ToArray() ?? [];
        if (eventTypes.FirstOrDefault(type => !NotificationTypes.IsValidFilter(type)) is { } unknown)
        {
            errors["eventTypes"] = [$"'{unknown}' is not a notification type; use one of {string.Join(", ", NotificationTypes.All)}, 'job.*', 'order.*' or '*'."];
        }

        if (request.Description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"description must be at most {MaxDescriptionLength} characters."];
        }

        if (errors.Count == 0 && await services.Store.CountSubscriptionsAsync(userId, cancellationToken) >= services.Options.CurrentValue.MaxSubscriptionsPerUser)
        {
            errors["url"] = [$"A user may have at most {services.Options.CurrentValue.MaxSubscriptionsPerUser} webhook subscriptions."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var secret = request.Secret ?? WebhookSigner.GenerateSecret();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(),
            Url = request.Url!,
            EventTypes = eventTypes,
            Description = request.Description,
            Enabled = true,
            ConsecutiveFailures = 0,
            CreatedAt = services.Time.GetUtcNow(),
        };
        await services.Users.AddAsync(userId, cancellationToken);
        await services.Store.CreateSubscriptionAsync(userId, subscription, secret, cancellationToken);

        return TypedResults.Created($"/api/webhooks/{subscription.Id}", new CreatedWebhookSubscription
        {
            Id = subscription.Id,
            Url = subscription.Url,
            EventTypes = subscription.EventTypes,
            Description = subscription.Description,
            Enabled = subscription.Enabled,
            CreatedAt = subscription.CreatedAt,
            Secret = secret,
        });
    }

    public static async Task<Ok<IReadOnlyList<WebhookSubscription>>> ListWebhooksAsync(
        ClaimsPrincipal user, [AsParameters] WebhookServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(await services.Store.ListSubscriptionsAsync(user.GetUserId(), cancellationToken));

    public static async Task<Results<Ok<WebhookSubscription>, NotFound>> GetWebhookAsync(
        Guid webhookId, ClaimsPrincipal user, [AsParameters] WebhookServices services, CancellationToken cancellationToken) =>
        await services.Store.GetSubscriptionAsync(user.GetUserId(), webhookId, cancellationToken) is { } subscription
            ? TypedResults.Ok(subscription)
            : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound>> DeleteWebhookAsync(
        Guid webhookId, ClaimsPrincipal user, [AsParameters] WebhookServices services, CancellationToken cancellationToken) =>
        await services.Store.DeleteSubscriptionAsync(user.GetUserId(), webhookId, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();

    public static async Task<Results<Ok<WebhookSubscription>, NotFound>> EnableWebhookAsync(
        Guid webhookId, ClaimsPrincipal user, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        return await services.Store.EnableSubscriptionAsync(userId, webhookId, cancellationToken)
            && await services.Store.GetSubscriptionAsync(userId, webhookId, cancellationToken) is { } subscription
            ? TypedResults.Ok(subscription)
            : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<IReadOnlyList<WebhookDelivery>>, NotFound, ValidationProblem>> ListDeliveriesAsync(
        Guid webhookId, [FromQuery] int? limit, ClaimsPrincipal user, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxDeliveriesPage)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["limit"] = [$"limit must be between 1 and {MaxDeliveriesPage}."],
            });
        }

        return await services.Store.ListDeliveriesAsync(user.GetUserId(), webhookId, limit ?? 50, cancellationToken) is { } deliveries
            ? TypedResults.Ok(deliveries)
            : TypedResults.NotFound();
    }

    public static async Task<Results<Accepted, NotFound, ProblemHttpResult>> RedeliverAsync(
        Guid webhookId, Guid deliveryId, ClaimsPrincipal user, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        var outcome = await services.Store.RedeliverAsync(
            user.GetUserId(), webhookId, deliveryId, services.Time.GetUtcNow(), services.Options.CurrentValue.RetryWindow, cancellationToken);
        return outcome switch
        {
            RedeliveryOutcome.Scheduled => TypedResults.Accepted($"/api/webhooks/{webhookId}/deliveries"),
            RedeliveryOutcome.SubscriptionDisabled => TypedResults.Problem(
                "The subscription is disabled; enable it (POST /api/webhooks/{id}/enable) before redelivering.",
                statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.NotFound(),
        };
    }

    /// <summary>Null when <paramref name="url"/> may receive deliveries; targets must resolve only to public addresses.</summary>
    private static async Task<string?> CheckTargetAsync(string? url, SsrfGuard guard, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(url) ? "url is required."
        : url.Length > MaxUrlLength ? $"url must be at most {MaxUrlLength} characters."
        : !Uri.TryCreate(url, UriKind.Absolute, out var uri) ? "url must be an absolute http or https URL."
        : await guard.CheckAsync(uri, cancellationToken) is { } refusal ? $"url {refusal}."
        : null;
}
