using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Redis;

namespace RunwareCloud.Redis.Tests;

public sealed class RedisExtensionsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AddRedisClient_registers_a_singleton_client_the_cache_and_a_healthy_ready_check()
    {
        using var host = Build(RedisTestContext.ConnectionString);

        var client = host.Services.GetRequiredService<IRedisClient>();
        var report = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Tags.Contains("ready")).WaitAsync(s_timeout);

        Assert.Same(client, host.Services.GetRequiredService<IRedisClient>());
        Assert.IsType<RedisDistributedCache>(host.Services.GetRequiredService<IDistributedCache>());
        Assert.NotNull(host.Services.GetRequiredService<IIdempotencyStore>());
        Assert.NotNull(host.Services.GetRequiredService<RedisSemaphore>());
        Assert.Equal(HealthStatus.Healthy, report.Entries["redis"].Status);
    }

    [Fact]
    public async Task Health_check_is_unhealthy_when_the_server_is_unreachable()
    {
        using var host = Build("127.0.0.1:1,connectTimeout=200,syncTimeout=300");

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(s_timeout);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["redis"].Status);
    }

    private static IHost Build(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = connectionString,
            ["Redis:KeyPrefix"] = TestInfrastructure.CreateKeyPrefix("di"),
        });
        builder.AddRedisClient("redis");
        builder.AddRedisDistributedCache();
        return builder.Build();
    }
}
