using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace RunwareCloud.Gateway.Http;

/// <summary>
/// 50 MB for uploads (<c>POST /api/assets</c>, <c>POST /api/orders/{id}/images</c>), 1 MB for everything else. A declared
/// length over the limit is refused before anything is read; a chunked body is cut off by the server once it passes it.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = IsUpload(context.Request) ? options.Value.MaxUploadBodySize : options.Value.MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge, Detail = $"The request body is larger than {limit} bytes." },
            });
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);

        // YARP answers 400 for any failure reading the client's body; a body cut off for its size deserves 413.
        if (!context.Response.HasStarted &&
            context.Features.Get<IForwarderErrorFeature>() is { Exception: BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } })
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        }
    }

    private static bool IsUpload(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return false;
        }

        var segments = request.Path.Value?.Trim('/').Split('/') ?? [];
        return segments switch
        {
            ["api", "assets"] => true,
            ["api", "orders", _, "images"] => true,
            _ => false,
        };
    }
}
