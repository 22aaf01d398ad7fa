namespace RunwareCloud.Notifications.Api.Tests.Support;

/// <summary>
/// Two notifications-api instances sharing one fresh database, vhost and Redis key prefix (as two replicas would), and a
/// local webhook receiver. Tests isolate themselves further by using fresh user ids.
/// </summary>
public sealed class NotificationsCluster : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public NotificationsHost A { get; private set; } = null!;

    public NotificationsHost B { get; private set; } = null!;

    public WebhookReceiver Receiver { get; } = new();

    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    public const int DisableAfterConsecutiveFailures = 6;

    public async Task InitializeAsync()
    {
        var database = await TestInfrastructure.CreateDatabaseAsync("notifications").WaitAsync(Timeout);
        var vhost = await TestInfrastructure.CreateVirtualHostAsync("notifications").WaitAsync(Timeout);
        Settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:notificationsdb"] = database,
            ["ConnectionStrings:messaging"] = vhost,
            ["ConnectionStrings:redis"] = TestInfrastructure.RedisConnectionString,
            ["Identity:SigningKey"] = NotificationsHost.SigningKey,
            ["Notifications:KeyPrefix"] = TestInfrastructure.CreateKeyPrefix("notifications"),
            ["Notifications:Webhooks:AllowPrivateTargets"] = "true",
            ["Notifications:Webhooks:PollInterval"] = "00:00:00.100",
            ["Notifications:Webhooks:RetryBaseDelay"] = "00:00:00.100",
            ["Notifications:Webhooks:RetryMaxDelay"] = "00:00:01",
            ["Notifications:Webhooks:DisableAfterConsecutiveFailures"] = DisableAfterConsecutiveFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };

        await Receiver.StartAsync().WaitAsync(Timeout);
        A = new NotificationsHost(Settings);
        await A.StartAsync().WaitAsync(Timeout);
        B = new NotificationsHost(Settings);
        await B.StartAsync().WaitAsync(Timeout);
    }

    /// <summary>
    /// Another instance with some settings changed, started and with its bus bound: a host disposed while its bus is still
    /// starting fails the test with that start's cancellation.
    /// </summary>
    public async Task<NotificationsHost> CreateHostAsync(IDictionary<string, string> overrides)
    {
        var settings = new Dictionary<string, string>(Settings);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var host = new NotificationsHost(settings);
        await host.StartAsync().WaitAsync(Timeout);
        return host;
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
