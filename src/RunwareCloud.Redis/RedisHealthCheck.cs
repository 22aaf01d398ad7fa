using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RunwareCloud.Redis;

/// <summary>Healthy when the server answers PING within two seconds.</summary>
public sealed class RedisHealthCheck(IRedisClient client) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await client.ExecuteAsync(["PING"], s_timeout, cancellationToken);
            return reply.IsError ? HealthCheckResult.Unhealthy(reply.ErrorMessage) : HealthCheckResult.Healthy();
        }
        catch (RedisException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message, exception);
        }
    }
}
