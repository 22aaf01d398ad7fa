namespace RunwareCloud.Redis;

/// <summary>Settings shared by the components built on the client (cache, idempotency store, rate limiter, semaphore).</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>Prepended to every key those components write, so that tenants or tests never see each other's keys.</summary>
    public string KeyPrefix { get; set; } = "";
}
