using System.Security.Claims;

namespace RunwareCloud.Gateway.Identity;

/// <summary>Claims the gateway adds to a caller authenticated with an API key.</summary>
public static class GatewayClaims
{
    public const string ApiKeyId = "api_key_id";

    public static Guid? GetApiKeyId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ApiKeyId), out var id) ? id : null;
}
