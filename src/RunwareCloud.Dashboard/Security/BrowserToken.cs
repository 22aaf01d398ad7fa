using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RunwareCloud.Dashboard.Security;

/// <summary>
/// A token generated at start and printed in the dashboard URL: <c>/login?t=</c> exchanges it for a cookie, and every
/// page and API requires that cookie. The OTLP receiver (<c>/v1/*</c>) stays open for the local services.
/// </summary>
public sealed class BrowserToken
{
    public const string CookieName = "runwarecloud-dashboard";

    public string Value { get; } = RandomNumberGenerator.GetHexString(32, lowercase: true);

    public bool Matches(string? candidate) =>
        candidate is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Value));
}

public static class BrowserTokenMiddleware
{
    public static IApplicationBuilder UseBrowserToken(this IApplicationBuilder app, BrowserToken token) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        if (path.Equals("/login", StringComparison.OrdinalIgnoreCase))
        {
            if (!token.Matches(context.Request.Query["t"]))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsync("The dashboard link is not valid: open the URL the AppHost printed.");
                return;
            }

            context.Response.Cookies.Append(BrowserToken.CookieName, token.Value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
            context.Response.Redirect("/");
            return;
        }

        if (!token.Matches(context.Request.Cookies[BrowserToken.CookieName]))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("Open the dashboard URL the AppHost printed (it carries the access token).");
            return;
        }

        await next(context);
    });
}
