using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace RunwareCloud.Gateway.Proxy;

/// <summary>The public API of design §5, mapped path prefix by path prefix to the service that owns it.</summary>
public static class GatewayRoutes
{
    public const string GenerationApi = "generation-api";
    public const string ProcessingApi = "processing-api";
    public const string HistoryApi = "history-api";
    public const string OrdersApi = "orders-api";
    public const string NotificationsApi = "notifications-api";

    public static readonly IReadOnlyList<string> Services = [GenerationApi, ProcessingApi, HistoryApi, OrdersApi, NotificationsApi];

    private const string AuthenticatedPolicy = "default";
    private const string AnonymousPolicy = "anonymous";
    private const string ServiceOpenApiPath = "/openapi/v1.json";

    private static readonly (string Prefix, string Service)[] s_routes =
    [
        ("/api/generations", GenerationApi),
        ("/api/prompts", GenerationApi),
        ("/api/models", GenerationApi),
        ("/api/processing", ProcessingApi),
        ("/api/assets", HistoryApi),
        ("/api/history", HistoryApi),
        ("/api/settings", HistoryApi),
        ("/api/events", OrdersApi),
        ("/api/orders", OrdersApi),
        ("/api/pmr", OrdersApi),
        ("/api/audit", OrdersApi),
        ("/api/notifications", NotificationsApi),
        ("/api/webhooks", NotificationsApi),
        ("/hubs", NotificationsApi),
    ];

    public static string GetOpenApiPath(string service) => $"/openapi/{service}/v1.json";

    public static IReadOnlyList<RouteConfig> CreateRoutes()
    {
        var routes = s_routes.Select(route => new RouteConfig
        {
            RouteId = route.Prefix.Trim('/').Replace('/', '-'),
            ClusterId = route.Service,
            AuthorizationPolicy = AuthenticatedPolicy,
            Match = new RouteMatch { Path = route.Prefix + "/{**rest}" },
        });

        var documents = Services.Select(service => new RouteConfig
        {
            RouteId = $"openapi-{service}",
            ClusterId = service,
            AuthorizationPolicy = AnonymousPolicy,
            Match = new RouteMatch { Path = GetOpenApiPath(service), Methods = ["GET"] },
            Transforms = [new Dictionary<string, string> { ["PathSet"] = ServiceOpenApiPath }],
        });

        return [.. routes, .. documents];
    }

    public static IReadOnlyList<ClusterConfig> CreateClusters() => Services.Select(service => new ClusterConfig
    {
        ClusterId = service,
        Destinations = new Dictionary<string, DestinationConfig>
        {
            [service] = new() { Address = $"http://{service}" },
        },
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = TimeSpan.FromSeconds(10),
                Timeout = TimeSpan.FromSeconds(5),
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath,
            },
        },
        // Live streams (SSE, WebSockets) may stay quiet between events; the default 100 s activity timeout would cut them.
        HttpRequest = service == NotificationsApi ? new() { ActivityTimeout = TimeSpan.FromHours(24) } : null,
    }).ToList();
}
