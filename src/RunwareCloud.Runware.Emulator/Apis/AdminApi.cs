using RunwareCloud.Runware.Emulator.Faults;

namespace RunwareCloud.Runware.Emulator.Apis;

/// <summary>Run-time control for tests and operators: faults, latency profile, credits, stats.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/admin").WithTags("Admin").AddEndpointFilter(RequireAdminToken);

        api.MapGet("/faults", (EmulatorServices services) => TypedResults.Ok(services.Faults.Current)).WithName("GetFaults");
        api.MapPost("/faults", SetFaults).WithName("SetFaults").WithSummary("Replace the injected faults");
        api.MapDelete("/faults", ClearFaults).WithName("ClearFaults");
        api.MapGet("/stats", GetStats).WithName("GetStats");
        api.MapGet("/settings", GetSettings).WithName("GetSettings");
        api.MapPost("/settings", UpdateSettings).WithName("UpdateSettings").WithSummary("Change latency profile or credit budget");

        return api;
    }

    public static IResult SetFaults(FaultSettings faults, EmulatorServices services)
    {
        if (faults.TaskErrors.Values.Any(f => f.Rate is < 0 or > 1 || string.IsNullOrWhiteSpace(f.Code)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["taskErrors"] = ["Each rate must be 0..1 and each code non-empty."] });
        }

        if (faults.DropSocketsAfterMessages is < 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["dropSocketsAfterMessages"] = ["Must be at least 1."] });
        }

        services.Faults.Apply(faults);
        return TypedResults.Ok(services.Faults.Current);
    }

    public static IResult ClearFaults(EmulatorServices services)
    {
        services.Faults.Clear();
        return TypedResults.NoContent();
    }

    public static IResult GetStats(EmulatorServices services) => TypedResults.Ok(new
    {
        services.Stats.TasksReceived,
        services.Stats.TasksServed,
        services.Stats.ServedByTaskType,
        services.Stats.ErrorsByCode,
        services.Stats.ActiveSockets,
        services.Stats.TotalConnections,
        services.Stats.AuthFailures,
        MediaItems = services.Media.Count,
    });

    public static IResult GetSettings(EmulatorServices services) => TypedResults.Ok(new EmulatorSettings
    {
        LatencyProfile = services.Latency.Profile,
        CreditBudget = services.Credits.Budget,
    });

    public static IResult UpdateSettings(EmulatorSettings settings, EmulatorServices services)
    {
        if (settings.CreditBudget is < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["creditBudget"] = ["Must be zero or more."] });
        }

        if (settings.LatencyProfile is { } profile)
        {
            services.Latency.Profile = profile;
        }

        if (settings.ResetCredits)
        {
            services.Credits.Reset();
        }

        if (settings.UnlimitedCredits)
        {
            services.Credits.Budget = null;
        }
        else if (settings.CreditBudget is { } budget)
        {
            services.Credits.Budget = budget;
        }

        return GetSettings(services);
    }

    private static async ValueTask<object?> RequireAdminToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var token = context.HttpContext.RequestServices.GetRequiredService<EmulatorServices>().Options.AdminToken;
        if (!string.IsNullOrEmpty(token))
        {
            var headers = context.HttpContext.Request.Headers;
            var given = headers["X-Admin-Token"].ToString();
            var authorization = headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                given = authorization["Bearer ".Length..].Trim();
            }

            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(token)))
            {
                return TypedResults.Unauthorized();
            }
        }

        return await next(context);
    }
}

public sealed record EmulatorSettings
{
    public LatencyProfile? LatencyProfile { get; init; }

    public decimal? CreditBudget { get; init; }

    public bool UnlimitedCredits { get; init; }

    public bool ResetCredits { get; init; }
}
