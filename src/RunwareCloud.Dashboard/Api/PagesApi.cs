using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RunwareCloud.Dashboard.Api;

/// <summary>The static single-page app, embedded in this assembly.</summary>
public static class PagesApi
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new()
    {
        ["/"] = ("wwwroot/index.html", "text/html; charset=utf-8"),
        ["/app.js"] = ("wwwroot/app.js", "text/javascript; charset=utf-8"),
        ["/app.css"] = ("wwwroot/app.css", "text/css; charset=utf-8"),
    };

    public static IEndpointRouteBuilder MapPagesApi(this IEndpointRouteBuilder app)
    {
        foreach (var (path, (resource, contentType)) in Files)
        {
            app.MapGet(path, () =>
            {
                var stream = typeof(PagesApi).Assembly.GetManifestResourceStream(resource)
                    ?? throw new InvalidOperationException($"{resource} is not embedded.");
                return TypedResults.Stream(stream, contentType);
            });
        }

        return app;
    }
}
