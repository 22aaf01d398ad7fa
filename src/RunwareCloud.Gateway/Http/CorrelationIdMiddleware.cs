using System.Buffers;

namespace RunwareCloud.Gateway.Http;

/// <summary>
/// Gives every request an <c>X-Correlation-Id</c>: the caller's when it is well-formed, a new one otherwise. It is set on
/// the request (so the proxy forwards it), echoed on the response, and put in the logging scope.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";
    private const int MaxLength = 128;
    private static readonly SearchValues<char> s_allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var correlationId = IsWellFormed(incoming) ? incoming : Guid.NewGuid().ToString();
        context.Request.Headers[HeaderName] = correlationId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = correlationId;
            return Task.CompletedTask;
        });

        using (logger.BeginScope(new KeyValuePair<string, object>[] { new("CorrelationId", correlationId) }))
        {
            await next(context);
        }
    }

    private static bool IsWellFormed(string value) =>
        value.Length is > 0 and <= MaxLength && !value.AsSpan().ContainsAnyExcept(s_allowed);
}
