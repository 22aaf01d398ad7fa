using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RunwareCloud.Messaging.Tests.Support;

namespace RunwareCloud.Messaging.Tests;

public sealed class BusHealthTests
{
    [Fact]
    public async Task Health_checks_include_the_bus_and_turn_healthy_once_it_is_connected()
    {
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("health"), await TestInfrastructure.CreateDatabaseAsync("health"),
            bus => bus.AddConsumer<RecordingConsumer>());
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var report = await Eventually.WaitForAsync(async () =>
            await health.CheckHealthAsync() is { Status: HealthStatus.Healthy } healthy ? healthy : null, MessagingTestHost.Timeout, "a healthy report");

        var bus = Assert.Single(report.Entries, entry => entry.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("ready", bus.Value.Tags);
    }

    [Fact]
    public async Task Health_checks_report_the_bus_unhealthy_when_the_broker_is_unreachable()
    {
        var (_, vhost) = Broker.MissingVirtualHost();
        await using var host = await MessagingTestHost.CreateAsync(vhost, await TestInfrastructure.CreateDatabaseAsync("health"),
            bus => bus.AddConsumer<RecordingConsumer>(), waitForBus: false);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(MessagingTestHost.Timeout);

        Assert.NotEqual(HealthStatus.Healthy, report.Status);
    }
}
