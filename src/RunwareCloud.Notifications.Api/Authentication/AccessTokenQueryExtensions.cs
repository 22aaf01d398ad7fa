using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace RunwareCloud.Notifications.Api.Authentication;

public static class AccessTokenQueryExtensions
{
    private const string AccessTokenParameter = "access_token";

    /// <summary>
    /// Accepts the bearer token in <c>?access_token=</c> on the given paths only: browsers' EventSource and WebSocket cannot
    /// send an Authorization header, and everywhere else a token in a URL would only end up in logs.
    /// </summary>
    public static IHostApplicationBuilder AcceptAccessTokenInQuery(this IHostApplicationBuilder builder, params PathString[] paths)
    {
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Events ??= new JwtBearerEvents();
            var previous = options.Events.OnMessageReceived;
            options.Events.OnMessageReceived = async context =>
            {
                await previous(context);
                var request = context.Request;
                if (context.Token is null
                    && string.IsNullOrEmpty(request.Headers.Authorization)
                    && paths.Any(path => request.Path.StartsWithSegments(path))
                    && request.Query[AccessTokenParameter] is [{ Length: > 0 } token])
                {
                    context.Token = token;
                }
            };
        });

        return builder;
    }
}
