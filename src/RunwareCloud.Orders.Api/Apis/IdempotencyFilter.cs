using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Orders.Api.Infrastructure;
using RunwareCloud.Redis;

namespace RunwareCloud.Orders.Api.Apis;

/// <summary>
/// <c>Idempotency-Key</c> on the order POSTs that create or start something (design §5). The first request with a key runs;
/// when it succeeds, its status code and order id are kept for a day, and a repeat of the same key and request answers the
/// same status with the order as it is now. The same key with another request (path or body) is 409; a failed request gives
/// its key back, so the corrected request can use it.
/// </summary>
public sealed class IdempotencyFilter(IIdempotencyStore store) : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";
    private static readonly TimeSpan s_lifetime = TimeSpan.FromHours(24);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[HeaderName].ToString();
        if (key.Length == 0)
        {
            return await next(context);
        }

        if (key.Length > 255)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [HeaderName] = ["must be at most 255 characters"] });
        }

        var scope = $"orders:{http.User.GetUserId():N}";
        var hash = Hash(http.Request, context.Arguments.OfType<OrderRequest>().FirstOrDefault());
        var reservation = await store.TryReserveAsync(scope, key, hash, s_lifetime, http.RequestAborted);
        switch (reservation.Status)
        {
            case IdempotencyStatus.Conflict:
                return Conflict($"The {HeaderName} was already used with a different request.");
            case IdempotencyStatus.InProgress:
                return Conflict($"A request with this {HeaderName} is still being handled; retry shortly.");
            case IdempotencyStatus.Completed:
                return await ReplayAsync(http, reservation.Response!);
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await store.ReleaseAsync(scope, key, hash, CancellationToken.None);
            throw;
        }

        var outcome = result is INestedHttpResult nested ? nested.Result : result as IResult;
        if (outcome is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } succeeded && outcome is IValueHttpResult { Value: OrderView order })
        {
            await store.CompleteAsync(scope, key, hash, new IdempotentResponse
            {
                StatusCode = succeeded.StatusCode.Value,
                Body = Encoding.UTF8.GetBytes(order.Id.ToString()),
            }, s_lifetime, CancellationToken.None);
        }
        else
        {
            await store.ReleaseAsync(scope, key, hash, CancellationToken.None);
        }

        return result;
    }

    private static async Task<IResult> ReplayAsync(HttpContext http, IdempotentResponse first)
    {
        var orderId = Guid.Parse(Encoding.UTF8.GetString(first.Body));
        var db = http.RequestServices.GetRequiredService<OrdersDbContext>();
        var order = await db.Orders.AsNoTracking().Include(o => o.Images).FirstOrDefaultAsync(o => o.Id == orderId, http.RequestAborted);
        if (order is null)
        {
            return Conflict($"The order created with this {HeaderName} no longer exists.");
        }

        http.Response.Headers.Location = $"/api/orders/{order.Id}";
        return TypedResults.Json(OrderView.From(order), statusCode: first.StatusCode);
    }

    private static string Hash(HttpRequest request, OrderRequest? body)
    {
        var material = $"{request.Method} {request.Path}\n{(body is null ? "" : JsonSerializer.Serialize(body, JsonSerializerOptions.Web))}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "Idempotency key in use", detail: detail, statusCode: StatusCodes.Status409Conflict);
}
