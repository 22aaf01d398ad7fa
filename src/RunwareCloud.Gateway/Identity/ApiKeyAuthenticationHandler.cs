using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace RunwareCloud.Gateway.Identity;

/// <summary>Authenticates <c>X-Api-Key: key</c> or <c>Authorization: ApiKey key</c> as the key's owner, with the owner's current role.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserDirectory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const string AuthorizationPrefix = SchemeName + " ";

    public static bool HasApiKey(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderName) ||
        request.Headers.Authorization.ToString().StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeyFormat.LooksValid(key) || await directory.FindApiKeyAsync(key, Context.RequestAborted) is not { } owner)
        {
            return AuthenticateResult.Fail("Invalid API key");
        }

        if (await directory.GetStatusAsync(owner.UserId, Context.RequestAborted) is not { IsActive: true } user)
        {
            return AuthenticateResult.Fail("Inactive user");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(JwtTokens.SubjectClaim, user.UserId.ToString()),
                new Claim(JwtTokens.NameClaim, user.UserName),
                new Claim(JwtTokens.RoleClaim, user.Role),
                new Claim(GatewayClaims.ApiKeyId, owner.KeyId.ToString()),
            ],
            SchemeName, JwtTokens.NameClaim, JwtTokens.RoleClaim);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, SchemeName);
        return Task.CompletedTask;
    }

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header))
        {
            return header.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[AuthorizationPrefix.Length..].Trim()
            : null;
    }
}
