using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Gateway.Data;
using RunwareCloud.Gateway.Identity;

namespace RunwareCloud.Gateway.Apis;

public static class AuthApi
{
    private const string InvalidCredentials = "The user name or password is incorrect.";
    private const int MaxKeyNameLength = 100;

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");

        auth.MapPost("/token", IssueTokenAsync).AllowAnonymous()
            .WithName("IssueToken").WithSummary("Exchange a user name and password for a short-lived JWT");

        var keys = auth.MapGroup("/keys").RequireAuthorization();
        keys.MapPost("/", CreateApiKeyAsync).WithName("CreateApiKey").WithSummary("Create an API key; the key is shown only in this response");
        keys.MapGet("/", ListApiKeysAsync).WithName("ListApiKeys").WithSummary("List the caller's API keys");
        keys.MapDelete("/{keyId:guid}", RevokeApiKeyAsync).WithName("RevokeApiKey").WithSummary("Revoke one of the caller's API keys");

        app.MapGet("/api/me", GetMe).RequireAuthorization().WithTags("Auth")
            .WithName("GetMe").WithSummary("The caller's identity and role");

        return app;
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, [AsParameters] GatewayServices services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors["userName"] = ["The user name is required."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["The password is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var normalized = User.Normalize(request.UserName!);
        var user = await services.Db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (!await services.Passwords.VerifyAsync(user, request.Password!) || user is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: InvalidCredentials);
        }

        await services.Db.SaveChangesAsync(cancellationToken);   // keeps a rehashed password

        var now = services.Clock.GetUtcNow();
        return TypedResults.Ok(new TokenResponse
        {
            AccessToken = JwtTokens.Issue(services.Identity.Value, user.Id, user.UserName, user.Role, now),
            ExpiresAt = now.Add(services.Identity.Value.TokenLifetime),
            ExpiresIn = (int)services.Identity.Value.TokenLifetime.TotalSeconds,
        });
    }

    public static Ok<MeResponse> GetMe(ClaimsPrincipal user) => TypedResults.Ok(new MeResponse
    {
        Id = user.GetUserId(),
        UserName = user.Identity?.Name ?? "",
        Role = user.GetRole() ?? "",
        AuthenticationMethod = user.GetApiKeyId() is null ? "jwt" : "apiKey",
    });

    public static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> CreateApiKeyAsync(
        CreateApiKeyRequest? request, ClaimsPrincipal user, [AsParameters] GatewayServices services, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(request?.Name) ? "API key" : request.Name.Trim();
        if (name.Length > MaxKeyNameLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = [$"The name is at most {MaxKeyNameLength} characters."],
            });
        }

        var key = ApiKeyFormat.Create();
        var apiKey = new ApiKey
        {
            UserId = user.GetUserId(),
            Name = name,
            Prefix = ApiKeyFormat.GetPrefix(key),
            KeyHash = ApiKeyFormat.Hash(key),
            CreatedAt = services.Clock.GetUtcNow(),
        };
        services.Db.ApiKeys.Add(apiKey);
        await services.Db.SaveChangesAsync(cancellationToken);

        return TypedResults.Created($"/api/auth/keys/{apiKey.Id}", new CreatedApiKeyResponse
        {
            Id = apiKey.Id,
            Name = apiKey.Name,
            Prefix = apiKey.Prefix,
            Key = key,
            CreatedAt = apiKey.CreatedAt,
        });
    }

    public static async Task<Ok<List<ApiKeyResponse>>> ListApiKeysAsync(
        ClaimsPrincipal user, [AsParameters] GatewayServices services, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var keys = await services.Db.ApiKeys.AsNoTracking()
            .Where(k => k.UserId == userId)
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse { Id = k.Id, Name = k.Name, Prefix = k.Prefix, CreatedAt = k.CreatedAt, RevokedAt = k.RevokedAt })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(keys);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKeyAsync(
        Guid keyId, ClaimsPrincipal user, [AsParameters] GatewayServices services, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var key = await services.Db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken);
        if (key is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such API key.");
        }

        key.RevokedAt ??= services.Clock.GetUtcNow();
        await services.Db.SaveChangesAsync(cancellationToken);
        services.Directory.ForgetApiKey(key.KeyHash);
        return TypedResults.NoContent();
    }
}
