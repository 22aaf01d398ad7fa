using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace RunwareCloud.ServiceDefaults;

/// <summary>
/// Names and tags the server span of every request the way OpenTelemetry's ASP.NET Core instrumentation would
/// (<c>GET /api/generations/{id}</c>, method, path, route, status): that package is not available, and without it the
/// span is only <c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c>. A created resource's <c>Location</c> is kept too, so
/// the request that created a job or an order can be found by its id.
/// </summary>
internal sealed class ServerSpanEnricher : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(EnrichAsync);
        next(app);
    };

    private static async Task EnrichAsync(HttpContext context, RequestDelegate next)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is not { IsAllDataRequested: true })
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            activity.SetTag("error.type", exception.GetType().FullName);
            Tag(activity, context, StatusCodes.Status500InternalServerError);
            throw;
        }

        Tag(activity, context, context.Response.StatusCode);
    }

    private static void Tag(Activity activity, HttpContext context, int status)
    {
        var method = context.Request.Method;
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        activity.DisplayName = route is null ? method : $"{method} {route}";
        activity.SetTag("http.request.method", method);
        activity.SetTag("url.path", context.Request.Path.Value);
        activity.SetTag("http.route", route);
        activity.SetTag("http.response.status_code", status);
        if (context.Response.Headers.Location is { Count: > 0 } location)
        {
            activity.SetTag("http.response.header.location", location.ToString());
        }

        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
