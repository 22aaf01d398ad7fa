using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace RunwareCloud.Pmr.Emulator.Apis;

public static class PmrApi
{
    private const long MaxPhotoBytes = 50 * 1024 * 1024;
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapPmrApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/oauth/token", IssueTokenAsync).AddEndpointFilter<FaultFilter>().DisableAntiforgery();
        // The PMR's own health, part of its contract: unlike the process's /health it goes down with an injected outage.
        app.MapGet("/api/health", () => TypedResults.Ok(new { status = "ok" })).AddEndpointFilter<FaultFilter>();

        var api = app.MapGroup("/api/events").AddEndpointFilter<FaultFilter>().AddEndpointFilter<PmrAccessFilter>();
        api.MapGet("/{eventId}", GetEvent);
        api.MapPost("/{eventId}/orders/{orderId}/photos", UploadPhotoAsync).DisableAntiforgery();
        api.MapPut("/{eventId}/orders/{orderId}/status", SetOrderStatus);
        api.MapGet("/{eventId}/orders/{orderId}", GetOrder);

        return app;
    }

    public static async Task<Results<Ok<TokenResponse>, BadRequest<TokenError>, UnauthorizedHttpResult>> IssueTokenAsync(
        HttpRequest request, [AsParameters] PmrServicesParameters parameters)
    {
        var services = parameters.Services;
        if (!request.HasFormContentType)
        {
            return TypedResults.BadRequest(new TokenError("invalid_request", "Expected application/x-www-form-urlencoded."));
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            return TypedResults.BadRequest(new TokenError("unsupported_grant_type", "Only client_credentials is supported."));
        }

        var (clientId, clientSecret) = ReadClient(request, form);
        if (clientId != services.Options.ClientId || clientSecret != services.Options.ClientSecret)
        {
            return TypedResults.Unauthorized();
        }

        var lifetime = services.Options.TokenLifetime;
        var token = services.Store.IssueToken(services.Clock.GetUtcNow() + lifetime);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)lifetime.TotalSeconds));
    }

    public static Results<Ok<EventResponse>, NotFound> GetEvent(string eventId, [AsParameters] PmrServicesParameters parameters) =>
        EventExists(parameters.Services.Options, eventId)
            ? TypedResults.Ok(new EventResponse(eventId, $"Event {eventId}", "open"))
            : TypedResults.NotFound();

    public static async Task<Results<Created<PhotoResponse>, Ok<PhotoResponse>, NotFound, ValidationProblem>> UploadPhotoAsync(
        string eventId, string orderId, HttpRequest request, [AsParameters] PmrServicesParameters parameters)
    {
        var services = parameters.Services;
        if (!EventExists(services.Options, eventId))
        {
            return TypedResults.NotFound();
        }

        if (!request.HasFormContentType)
        {
            return Invalid("photo", "Expected multipart/form-data with a 'photo' file and a 'metadata' JSON field.");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var file = form.Files.GetFile("photo");
        if (file is null || file.Length == 0 || file.Length > MaxPhotoBytes)
        {
            return Invalid("photo", "A non-empty 'photo' file of at most 50 MB is required.");
        }

        PhotoMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<PhotoMetadata>(form["metadata"].ToString() is { Length: > 0 } text ? text : "null", s_json);
        }
        catch (JsonException)
        {
            return Invalid("metadata", "The 'metadata' field must be JSON.");
        }

        if (metadata is null)
        {
            return Invalid("metadata", "The 'metadata' field is required.");
        }

        await using var stream = file.OpenReadStream();
        var checksum = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, request.HttpContext.RequestAborted));
        if (metadata.Checksum is { Length: > 0 } claimed && !string.Equals(claimed, checksum, StringComparison.OrdinalIgnoreCase))
        {
            return Invalid("metadata.checksum", "The checksum does not match the photo's SHA-256.");
        }

        var key = metadata.PhotoKey is { Length: > 0 } photoKey ? photoKey : checksum;
        var order = services.Store.GetOrAddOrder(eventId, orderId);
        var (photo, created) = order.AddPhoto(key, () => new PmrPhoto
        {
            Id = "PH-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant(),
            PhotoKey = key,
            Checksum = checksum,
            FileName = file.FileName,
            ContentType = file.ContentType ?? "application/octet-stream",
            Size = file.Length,
            CustomerName = metadata.Customer?.Name,
            CustomerEmail = metadata.Customer?.Email,
            Caption = metadata.Caption,
            Operations = metadata.Operations ?? [],
            UploadedAt = services.Clock.GetUtcNow(),
        });

        var response = PhotoResponse.From(photo);
        return created
            ? TypedResults.Created($"/api/events/{eventId}/orders/{orderId}/photos/{photo.Id}", response)
            : TypedResults.Ok(response);
    }

    public static Results<Ok<OrderResponse>, NotFound, ValidationProblem> SetOrderStatus(
        string eventId, string orderId, OrderStatusRequest request, [AsParameters] PmrServicesParameters parameters)
    {
        if (!EventExists(parameters.Services.Options, eventId))
        {
            return TypedResults.NotFound();
        }

        if (string.IsNullOrWhiteSpace(request.Status))
        {
            return Invalid("status", "A status is required.");
        }

        var order = parameters.Services.Store.GetOrAddOrder(eventId, orderId);
        order.Status = request.Status;
        order.StatusNote = request.Note;
        return TypedResults.Ok(OrderResponse.From(order));
    }

    public static Results<Ok<OrderResponse>, NotFound> GetOrder(string eventId, string orderId, [AsParameters] PmrServicesParameters parameters) =>
        parameters.Services.Store.FindOrder(eventId, orderId) is { } order ? TypedResults.Ok(OrderResponse.From(order)) : TypedResults.NotFound();

    public static bool EventExists(PmrEmulatorOptions options, string eventId) =>
        options.KnownEvents.Contains(eventId, StringComparer.Ordinal)
        || (options.EventIdPattern.Length > 0 && Regex.IsMatch(eventId, options.EventIdPattern, RegexOptions.None, TimeSpan.FromSeconds(1)));

    private static (string? ClientId, string? ClientSecret) ReadClient(HttpRequest request, IFormCollection form)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                var separator = decoded.IndexOf(':', StringComparison.Ordinal);
                if (separator > 0)
                {
                    return (Uri.UnescapeDataString(decoded[..separator]), Uri.UnescapeDataString(decoded[(separator + 1)..]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form["client_id"], form["client_secret"]);
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record PmrServicesParameters([FromServices] PmrServices Services);

public sealed record TokenResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);

public sealed record TokenError(
    [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("error_description")] string Description);

public sealed record EventResponse(string EventId, string Name, string Status);

public sealed record OrderStatusRequest(string? Status, string? Note);

public sealed record PhotoResponse(string PhotoId, string PhotoKey, string Checksum, long Size, string? Caption, DateTimeOffset UploadedAt)
{
    public static PhotoResponse From(PmrPhoto photo) =>
        new(photo.Id, photo.PhotoKey, photo.Checksum, photo.Size, photo.Caption, photo.UploadedAt);
}

public sealed record OrderResponse(string EventId, string OrderId, string Status, string? Note, IReadOnlyList<PmrPhoto> Photos)
{
    public static OrderResponse From(PmrOrder order) => new(order.EventId, order.OrderId, order.Status, order.StatusNote, order.Photos);
}
