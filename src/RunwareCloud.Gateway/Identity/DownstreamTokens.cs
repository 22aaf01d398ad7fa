using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Gateway.Identity;

/// <summary>
/// Services only understand JWTs, so a caller authenticated with an API key is forwarded with a short-lived token minted
/// for the key's owner. A token is reused for half its lifetime so that signing stays off the hot path.
/// </summary>
public sealed class DownstreamTokens(
    IOptions<IdentityOptions> identity,
    IOptions<GatewayOptions> gateway,
    IMemoryCache cache,
    TimeProvider clock)
{
    public string GetToken(ClaimsPrincipal user, Guid apiKeyId)
    {
        var userId = user.GetUserId();
        var userName = user.Identity?.Name ?? "";
        var role = user.GetRole() ?? Roles.Viewer;
        var cacheKey = $"downstream-token:{apiKeyId}:{userId}:{role}";

        return cache.GetOrCreate(cacheKey, entry =>
        {
            var lifetime = gateway.Value.DownstreamTokenLifetime;
            entry.AbsoluteExpirationRelativeToNow = lifetime / 2;
            var options = new IdentityOptions
            {
                Issuer = identity.Value.Issuer,
                Audience = identity.Value.Audience,
                SigningKey = identity.Value.SigningKey,
                TokenLifetime = lifetime,
            };
            return JwtTokens.Issue(options, userId, userName, role, clock.GetUtcNow());
        })!;
    }
}
