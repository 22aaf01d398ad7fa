using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace RunwareCloud.Gateway.Spa;

public static class SpaExtensions
{
    private const string IndexFile = "index.html";

    /// <summary>
    /// Serves the web app from <c>Gateway:WebRoot</c> (else <c>wwwroot</c>) at <c>/</c>, with <c>index.html</c> for every
    /// other non-file path outside <c>/api</c> and <c>/hubs</c>. Does nothing when no built web app is there.
    /// </summary>
    public static WebApplication MapWebApp(this WebApplication app)
    {
        var configured = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.WebRoot;
        var root = string.IsNullOrWhiteSpace(configured)
            ? app.Environment.WebRootPath
            : Path.GetFullPath(configured, app.Environment.ContentRootPath);
        if (string.IsNullOrEmpty(root) || !File.Exists(Path.Combine(root, IndexFile)))
        {
            return app;
        }

        var files = new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"   // Vite fingerprints everything under /assets.
                    : "no-cache",
        };

        app.UseStaticFiles(files);
        app.MapFallbackToFile("{*path:nonfile}", IndexFile, files);
        return app;
    }

    /// <summary>Unknown <c>/api</c> paths answer a 404 problem detail rather than the web app.</summary>
    public static WebApplication MapApiNotFound(this WebApplication app)
    {
        app.MapFallback("/api/{**path}", () => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound, detail: "No API matches this path.")).AllowAnonymous();
        return app;
    }
}
