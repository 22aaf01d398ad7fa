using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using RunwareCloud.Gateway.Data;

namespace RunwareCloud.Gateway.Identity;

public static class GatewayAuthenticationExtensions
{
    public const string SchemeName = "Gateway";
    private const string AccessTokenQueryParameter = "access_token";

    /// <summary>
    /// Accepts the services' JWTs and the gateway's API keys (one scheme picks the other per request), and refuses tokens of
    /// users who have been disabled or whose role changed since the token was issued.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();

        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddSingleton<DownstreamTokens>();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<PasswordCheck>();

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = SchemeName;
                options.DefaultAuthenticateScheme = SchemeName;
                options.DefaultChallengeScheme = SchemeName;
                options.DefaultForbidScheme = SchemeName;
            })
            .AddPolicyScheme(SchemeName, "JWT or API key", options => options.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.HasApiKey(context.Request)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<UserDirectory>((options, directory) =>
            {
                options.Events ??= new JwtBearerEvents();
                options.Events.OnMessageReceived = context =>
                {
                    // Browsers cannot set headers on WebSocket and EventSource requests, so streams carry the token in the query.
                    if (IsStreamRequest(context.Request) && context.Request.Query[AccessTokenQueryParameter] is { Count: > 0 } token)
                    {
                        context.Token = token.ToString();
                    }

                    return Task.CompletedTask;
                };
                options.Events.OnTokenValidated = async context =>
                {
                    var principal = context.Principal!;
                    var status = await directory.GetStatusAsync(principal.GetUserId(), context.HttpContext.RequestAborted);
                    if (status is not { IsActive: true } || status.Role != principal.GetRole())
                    {
                        context.Fail("The token's user is disabled or its role has changed.");
                    }
                };
            });

        return builder;
    }

    private static bool IsStreamRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/api/notifications/stream");
}
