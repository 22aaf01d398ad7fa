using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RunwareCloud.Runware;

/// <summary>Ready when the transport can carry a task: at least one authenticated connection.</summary>
public sealed class RunwareHealthCheck(IRunwareTransport transport) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(transport switch
        {
            Pool.RunwarePool pool when pool.IsReady => HealthCheckResult.Healthy($"{pool.AuthenticatedConnections} authenticated Runware connection(s)."),
            Pool.RunwarePool => HealthCheckResult.Unhealthy("No authenticated Runware connection."),
            _ => HealthCheckResult.Healthy("REST transport."),
        });
}
