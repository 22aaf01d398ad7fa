namespace RunwareCloud.Orders.Api.Tests;

/// <summary>
/// One <see cref="OrdersSystem"/> for the collection, with the PMR client tuned so outages and recoveries play out in
/// fractions of a second: few retries, a breaker that opens once three calls in a row failed within a second and probes
/// again after half a second.
/// </summary>
public sealed class OrdersApiFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> PmrTuning = new Dictionary<string, string?>
    {
        ["Pmr:UploadPollInterval"] = "00:00:00.200",
        ["Pmr:RetryBaseDelay"] = "00:00:00.020",
        ["Pmr:MaxRetryAttempts"] = "2",
        ["Pmr:BreakerConsecutiveFailures"] = "3",
        ["Pmr:BreakerBreakDuration"] = "00:00:00.500",
        ["Pmr:BreakerSamplingDuration"] = "00:00:01",
    };

    public OrdersSystem Chain { get; private set; } = null!;

    public async Task InitializeAsync() => Chain = await OrdersSystem.StartAsync(PmrTuning).WaitAsync(TimeSpan.FromSeconds(90));

    public HttpClient CreateClient(Guid userId, string role = "user") => Chain.CreateClient(userId, role);

    public async Task DisposeAsync() => await Chain.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class OrdersCollection : ICollectionFixture<OrdersApiFixture>
{
    public const string Name = "orders-api";
}
