namespace RunwareCloud.Pmr.Emulator;

/// <summary>Applies the injected latency, outage and error rate to every PMR call (not to health or admin routes).</summary>
public sealed class FaultFilter(FaultInjector faults) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var current = faults.Current;
        if (current.LatencyMs > 0)
        {
            await Task.Delay(current.LatencyMs, context.HttpContext.RequestAborted);
        }

        if (faults.IsDown)
        {
            return TypedResults.Problem("The PMR is unavailable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (faults.ShouldFail())
        {
            return TypedResults.Problem("Injected failure.", statusCode: StatusCodes.Status500InternalServerError);
        }

        return await next(context);
    }
}
