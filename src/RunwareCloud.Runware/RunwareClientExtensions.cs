using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RunwareCloud.Redis;
using RunwareCloud.Runware;
using RunwareCloud.Runware.Pool;
using RunwareCloud.Runware.Rest;

namespace Microsoft.Extensions.Hosting;

public static class RunwareClientExtensions
{
    public const string HealthCheckName = "runware";
    private const string ReadyTag = "ready";

    /// <summary>
    /// Adds <see cref="IRunwareClient"/> over a pool of authenticated WebSocket connections (or REST with
    /// <c>Transport=rest</c>) from <c>ConnectionStrings:{connectionName}</c> and <see cref="RunwarePoolOptions"/>
    /// (validated at start), the "runware" health check (tagged ready) and a hosted service that opens the pool.
    /// Register an <see cref="IRunwareConcurrencyLimiter"/> beforehand to cap tasks beyond this process.
    /// </summary>
    public static IHostApplicationBuilder AddRunwareClient(this IHostApplicationBuilder builder, string connectionName = "runware")
    {
        builder.Services.AddOptions<RunwarePoolOptions>()
            .BindConfiguration(RunwarePoolOptions.SectionName)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunwarePoolOptions>, RunwarePoolOptionsValidator>());
        builder.Services.TryAddSingleton(_ => RunwareConnectionString.Parse(
            builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException(
                    $"Configuration 'ConnectionStrings:{connectionName}' is missing (environment variable ConnectionStrings__{connectionName})."),
            connectionName));
        builder.Services.TryAddSingleton<IRunwareConcurrencyLimiter>(services =>
        {
            var options = services.GetRequiredService<IOptions<RunwarePoolOptions>>().Value;
            return options.AccountConcurrencyCap is null
                ? UnlimitedRunwareConcurrency.Instance
                : new RedisRunwareConcurrencyLimiter(services.GetService<RedisSemaphore>() ?? throw new InvalidOperationException(
                    $"{RunwarePoolOptions.SectionName}:AccountConcurrencyCap needs Redis: call builder.AddRedisClient(\"redis\") before AddRunwareClient."), options);
        });
        builder.Services.TryAddSingleton<IRunwareTransport>(services =>
        {
            var connectionString = services.GetRequiredService<RunwareConnectionString>();
            var options = services.GetRequiredService<IOptions<RunwarePoolOptions>>().Value;
            return connectionString.Transport == RunwareTransportKind.Rest
                ? new RunwareRestTransport(connectionString, options)
                : new RunwarePool(connectionString, options, services.GetRequiredService<IRunwareConcurrencyLimiter>(),
                    services.GetService<ILogger<RunwarePool>>());
        });
        builder.Services.TryAddSingleton<IRunwareClient>(services => new RunwareClient(
            services.GetRequiredService<IRunwareTransport>(), services.GetRequiredService<IOptions<RunwarePoolOptions>>().Value,
            services.GetService<TimeProvider>()));
        builder.Services.AddHostedService<RunwarePoolStarter>();
        builder.Services.AddHealthChecks().AddCheck<RunwareHealthCheck>(HealthCheckName, tags: [ReadyTag]);
        return builder;
    }

    private sealed class RunwarePoolStarter(IRunwareTransport transport) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // Connect in the background: a slow or unreachable Runware must not hold up the host's start.
            (transport as RunwarePool)?.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
