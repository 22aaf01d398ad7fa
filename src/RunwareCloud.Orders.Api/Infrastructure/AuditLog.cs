using System.Security.Claims;
using System.Text.Json;
using RunwareCloud.Orders.Api.Model;

namespace RunwareCloud.Orders.Api.Infrastructure;

/// <summary>Stages audit records on the caller's unit of work, so a change and its record commit together.</summary>
public sealed class AuditLog(IHttpContextAccessor http, TimeProvider clock)
{
    public const string SystemActor = "system";
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public void Record(OrdersDbContext db, string action, Guid? orderId = null, string? eventId = null, object? details = null)
    {
        var context = http.HttpContext;
        var user = context?.User is { Identity.IsAuthenticated: true } principal ? principal : null;
        db.Audit.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = user?.GetUserId(),
            Actor = user is null ? SystemActor : user.FindFirstValue(JwtTokens.NameClaim) ?? user.GetUserId().ToString(),
            Role = user?.GetRole(),
            Action = action,
            OrderId = orderId,
            EventId = eventId,
            Ip = context is null ? null : ClientAddress(context),
            Details = details is null ? null : JsonSerializer.Serialize(details, s_json),
        });
    }

    /// <summary>The first X-Forwarded-For hop when the gateway forwarded the call, else the connection's address.</summary>
    private static string? ClientAddress(HttpContext context) =>
        context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault() is { Length: > 0 and <= 64 } forwarded
            ? forwarded
            : context.Connection.RemoteIpAddress?.ToString();
}
