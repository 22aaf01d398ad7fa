using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RunwareCloud.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>
    /// Registers the process-wide <see cref="IRedisClient"/> for the connection string <paramref name="connectionName"/>,
    /// <see cref="RedisOptions"/> from the <c>Redis</c> section, the idempotency store, the distributed semaphore, and a
    /// PING health check tagged <c>ready</c>.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(IRedisClient)))
        {
            return builder;
        }

        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing (ConnectionStrings__{connectionName}).");
        var connectionOptions = RedisConnectionOptions.Parse(connectionString);

        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
        builder.Services.TryAddSingleton<IRedisClient>(services =>
            new RedisClient(connectionOptions, services.GetService<ILogger<RedisClient>>()));
        builder.Services.TryAddSingleton<IIdempotencyStore, RedisIdempotencyStore>();
        builder.Services.TryAddSingleton<RedisSemaphore>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, tags: [ReadyTag]);
        return builder;
    }

    /// <summary>Registers <see cref="RedisDistributedCache"/> as the <see cref="IDistributedCache"/>; call after <see cref="AddRedisClient"/>.</summary>
    public static IHostApplicationBuilder AddRedisDistributedCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IDistributedCache, RedisDistributedCache>();
        return builder;
    }
}
