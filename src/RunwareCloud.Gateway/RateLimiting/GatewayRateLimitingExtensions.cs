using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RunwareCloud.Gateway.Identity;

namespace RunwareCloud.Gateway.RateLimiting;

public static class GatewayRateLimitingExtensions
{
    private const string RedisConnectionName = "redis";

    /// <summary>
    /// Limits every <c>/api</c> request per API key, else per user, else per client address, with limits from
    /// <c>Gateway:RateLimit</c>, counted in Redis when the <c>redis</c> connection string is set (else in this process).
    /// Rejections are 429 problem details with <c>Retry-After</c>.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayRateLimiting(this IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(RedisConnectionName)))
        {
            builder.AddRedisClient(RedisConnectionName);
            builder.Services.TryAddSingleton<IRateLimiterFactory, RedisRateLimiterFactory>();
        }
        else
        {
            builder.Services.TryAddSingleton<IRateLimiterFactory, InProcessRateLimiterFactory>();
        }

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IRateLimiterFactory, IOptions<GatewayOptions>>((options, factory, gateway) =>
            {
                options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.Request.Path.StartsWithSegments("/api")
                        ? RateLimitPartition.Get(GetPartitionKey(context), factory.Create)
                        : RateLimitPartition.GetNoLimiter(""));
                options.OnRejected = (context, cancellationToken) =>
                    WriteRejectionAsync(context, gateway.Value.RateLimit.Window);
            });

        return builder;
    }

    public static string GetPartitionKey(HttpContext context)
    {
        var user = context.User;
        if (user.GetApiKeyId() is { } apiKeyId)
        {
            return $"key:{apiKeyId}";
        }

        if (user.Identity?.IsAuthenticated == true)
        {
            return $"user:{user.GetUserId()}";
        }

        return $"ip:{context.Connection.RemoteIpAddress}";
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, TimeSpan window)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var metadata) ? metadata : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too Many Requests",
                Detail = $"The rate limit was exceeded; retry after {seconds} seconds.",
            },
        });
    }
}
