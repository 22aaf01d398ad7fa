using Microsoft.Extensions.Options;
using RunwareCloud.Redis;

namespace RunwareCloud.Redis.Tests;

/// <summary>A client on the run's shared server and a key prefix unique to one test class instance.</summary>
public abstract class RedisTestContext : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    protected RedisClient Client { get; } = new(ConnectionString);

    /// <summary>The run's server with timeouts that tolerate a machine busy with parallel builds and test runs.</summary>
    public static string ConnectionString => TestInfrastructure.RedisConnectionString + ",connectTimeout=15000,syncTimeout=15000";

    protected IOptions<RedisOptions> Options { get; } = Microsoft.Extensions.Options.Options.Create(
        new RedisOptions { KeyPrefix = TestInfrastructure.CreateKeyPrefix("redis") });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Client.DisposeAsync();
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
