using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Polly.CircuitBreaker;

namespace RunwareCloud.Orders.Api.Apis;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", ListAuditAsync).WithTags("Audit").RequireAuthorization(Policies.Admin);
        app.MapGet("/api/pmr/health", GetPmrHealthAsync).WithTags("PMR").RequireAuthorization();
        return app;
    }

    public static async Task<Ok<List<AuditView>>> ListAuditAsync(
        Guid? orderId, string? action, long? before, int? limit, [AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var query = parameters.Services.Db.Audit.AsNoTracking();
        if (orderId is not null)
        {
            query = query.Where(a => a.OrderId == orderId);
        }

        if (action is not null)
        {
            query = query.Where(a => a.Action == action);
        }

        if (before is not null)
        {
            query = query.Where(a => a.Id < before);
        }

        var entries = await query.OrderByDescending(a => a.Id).Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(cancellationToken);
        return TypedResults.Ok(entries.Select(AuditView.From).ToList());
    }

    public static async Task<Ok<PmrHealth>> GetPmrHealthAsync([AsParameters] OrdersServicesParameters parameters, CancellationToken cancellationToken)
    {
        var services = parameters.Services;
        var reachable = services.Pmr.IsConfigured && await services.Pmr.IsHealthyAsync(cancellationToken);
        var pending = await services.Db.Orders.CountAsync(o => o.Status == Model.OrderStatus.PmrPending, cancellationToken);
        var breaker = services.Pmr.BreakerState;
        return TypedResults.Ok(new PmrHealth(PmrHealth.Assess(reachable, breaker, pending), reachable, breaker.ToString().ToLowerInvariant(), pending));
    }
}

public sealed record PmrHealth(string Status, bool Reachable, string Circuit, int PendingOrders)
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unavailable = "unavailable";

    /// <summary>
    /// Unavailable while the PMR does not answer or the breaker is open; degraded while it answers again but the breaker is
    /// still probing or orders still wait for it; healthy otherwise.
    /// </summary>
    public static string Assess(bool reachable, CircuitState breaker, int pendingOrders) =>
        !reachable || breaker is CircuitState.Open or CircuitState.Isolated ? Unavailable
        : breaker == CircuitState.HalfOpen || pendingOrders > 0 ? Degraded
        : Healthy;
}
