using System.Data.Common;

namespace RunwareCloud.Orders.Api.Pmr;

/// <summary>
/// The PMR connection (connection string <c>pmr</c>: Endpoint, ClientId, ClientSecret, ApiKey) and the client's resilience
/// settings (section <c>Pmr</c>).
/// </summary>
public sealed class PmrOptions
{
    public const string SectionName = "Pmr";
    public const string ConnectionName = "pmr";

    public Uri? Endpoint { get; set; }
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string ApiKey { get; set; } = "";

    public int MaxRetryAttempts { get; set; } = 3;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The breaker opens after this many failed calls in a row (every call in its sampling window failed).</summary>
    public int BreakerConsecutiveFailures { get; set; } = 5;

    /// <summary>
    /// The window the breaker judges: one success inside it keeps the breaker closed, so a long window delays opening by up to
    /// its length after the PMR goes down.
    /// </summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a PMR event lookup is cached in Redis (a confirmed id; an unknown id is cached for a minute).</summary>
    public TimeSpan EventCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the uploader looks for orders to upload or resume.</summary>
    public TimeSpan UploadPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public void BindConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (parts.TryGetValue("Endpoint", out var endpoint) && Uri.TryCreate(endpoint?.ToString(), UriKind.Absolute, out var uri))
        {
            Endpoint = uri;
        }

        ClientId = parts.TryGetValue("ClientId", out var id) ? id?.ToString() ?? "" : ClientId;
        ClientSecret = parts.TryGetValue("ClientSecret", out var secret) ? secret?.ToString() ?? "" : ClientSecret;
        ApiKey = parts.TryGetValue("ApiKey", out var key) ? key?.ToString() ?? "" : ApiKey;
    }
}
