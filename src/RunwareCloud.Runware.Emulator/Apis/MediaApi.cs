using Microsoft.Net.Http.Headers;
using RunwareCloud.Runware.Emulator.Media;

namespace RunwareCloud.Runware.Emulator.Apis;

/// <summary>Serves generated and uploaded media at the URLs the tasks return, until they expire.</summary>
public static class MediaApi
{
    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{file}", GetMedia).WithName("GetMedia").WithSummary("Download generated or uploaded media");
        return app;
    }

    public static IResult GetMedia(string file, HttpContext http, EmulatorServices services)
    {
        var dot = file.LastIndexOf('.');
        if (dot < 0 || !Guid.TryParse(file[..dot], out var id))
        {
            return TypedResults.NotFound();
        }

        switch (services.Media.TryGet(id, out var item))
        {
            case MediaLookup.Expired:
                return TypedResults.Problem($"The media {id} has expired.", statusCode: StatusCodes.Status410Gone);
            case MediaLookup.Missing:
                return TypedResults.NotFound();
        }

        if (!string.Equals(file[(dot + 1)..], item!.Extension, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.NotFound();
        }

        var remaining = item.ExpiresAt - DateTimeOffset.UtcNow;
        http.Response.Headers.CacheControl = $"public, max-age={Math.Max(0, (int)remaining.TotalSeconds)}, immutable";
        http.Response.Headers.Expires = item.ExpiresAt.ToString("R");
        return TypedResults.Bytes(item.Bytes, item.ContentType, entityTag: EntityTagHeaderValue.Parse(item.ETag),
            lastModified: item.CreatedAt, enableRangeProcessing: true);
    }
}
