using System.ComponentModel.DataAnnotations;

namespace RunwareCloud.Gateway;

/// <summary>Edge settings of the gateway (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>The web app's built files (its <c>dist</c> folder); falls back to <c>wwwroot</c> when unset.</summary>
    public string? WebRoot { get; set; }

    /// <summary>Addresses of reverse proxies in front of the gateway whose <c>X-Forwarded-*</c> headers are trusted.</summary>
    public List<string> KnownProxies { get; set; } = [];

    [Range(1, long.MaxValue)]
    public long MaxRequestBodySize { get; set; } = 1L * 1024 * 1024;

    [Range(1, long.MaxValue)]
    public long MaxUploadBodySize { get; set; } = 50L * 1024 * 1024;

    /// <summary>How long a user's status (active, role) or an API key lookup is reused before the database is asked again.</summary>
    public TimeSpan UserStatusCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Lifetime of the token minted for downstream services when a caller authenticates with an API key.</summary>
    public TimeSpan DownstreamTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs request handling on the socket threads instead of handing every step to the thread pool (Kestrel's
    /// UnsafePreferInlineScheduling), paired with <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>, which the AppHost
    /// sets. A proxy hop then costs no thread hand-offs. It is safe because no request path of the gateway blocks or
    /// computes for long: password hashing runs on the thread pool.
    /// </summary>
    public bool InlineIo { get; set; } = true;

    public CorsSettings Cors { get; set; } = new();

    public RateLimitSettings RateLimit { get; set; } = new();

    public sealed class CorsSettings
    {
        public List<string> Origins { get; set; } = [];
    }

    public sealed class RateLimitSettings
    {
        [Range(1, int.MaxValue)]
        public int PermitLimit { get; set; } = 600;

        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Permits an instance takes from Redis at once for a busy caller (see <c>RedisFixedWindowRateLimiterOptions</c>).</summary>
        [Range(1, int.MaxValue)]
        public int MaxLocalBatch { get; set; } = 16;
    }
}

/// <summary>The first administrator, created at start when none exists (section <c>Bootstrap</c>).</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public string AdminUserName { get; set; } = "admin";

    /// <summary>An AppHost secret; without it no administrator is seeded.</summary>
    public string? AdminPassword { get; set; }
}
