namespace RunwareCloud.Gateway.Http;

public static class EdgeMiddlewareExtensions
{
    /// <summary>
    /// What every request meets first: trusted <c>X-Forwarded-*</c>, a correlation id, security headers, problem details
    /// for every error (exceptions and bodiless error statuses alike), body size limits and CORS.
    /// </summary>
    public static WebApplication UseEdge(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseCors();
        return app;
    }
}
