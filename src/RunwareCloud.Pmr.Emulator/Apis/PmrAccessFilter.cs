using Microsoft.Extensions.Options;

namespace RunwareCloud.Pmr.Emulator.Apis;

/// <summary>Every PMR call needs both a bearer token from <c>/oauth/token</c> and the API key.</summary>
public sealed class PmrAccessFilter(PmrStore store, FaultInjector faults, IOptions<PmrEmulatorOptions> options, TimeProvider clock) : IEndpointFilter
{
    public const string ApiKeyHeader = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.Headers[ApiKeyHeader].ToString() != options.Value.ApiKey)
        {
            return TypedResults.Problem("Missing or wrong API key.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var authorization = request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : "";
        if (faults.Current.RejectTokens || !store.IsValidToken(token, clock.GetUtcNow()))
        {
            return TypedResults.Problem("Missing, expired or revoked access token.", statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }
}
