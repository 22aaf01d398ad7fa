using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly.CircuitBreaker;

namespace RunwareCloud.ServiceDefaults.Tests;

public sealed class HttpClientDefaultsTests
{
    private static IHost BuildHost(TestReceiver receiver, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:history-api:http:0"] = receiver.BaseAddress.ToString().TrimEnd('/'),
            ["Resilience:Http:RetryBaseDelay"] = "00:00:00.010",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddServiceDefaults();
        builder.Services.AddHttpClient("history", client => client.BaseAddress = new Uri("http://history-api"));
        return builder.Build();
    }

    [Fact]
    public async Task Service_discovery_resolves_a_logical_service_name_from_configuration()
    {
        await using var receiver = await TestReceiver.StartAsync();
        using var host = BuildHost(receiver);
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("history");

        var answer = await client.GetStringAsync("/ping").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("pong", answer);
        Assert.Equal(1, receiver.Count("/ping"));
    }

    [Fact]
    public async Task Service_discovery_leaves_unknown_hosts_unchanged()
    {
        await using var receiver = await TestReceiver.StartAsync();
        using var host = BuildHost(receiver);
        var resolver = host.Services.GetRequiredService<ServiceEndpointResolver>();

        Assert.Equal(new Uri("http://example.invalid/x"), resolver.Resolve(new Uri("http://example.invalid/x")));
        Assert.Equal(receiver.BaseAddress.Port, resolver.Resolve(new Uri("http://history-api/x")).Port);
    }

    [Fact]
    public async Task Resilience_handler_retries_a_503_and_then_succeeds()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.FlakyAnswers.Enqueue(503);
        using var host = BuildHost(receiver);
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("history");

        using var response = await client.GetAsync("/flaky").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, receiver.Count("/flaky"));
    }

    [Fact]
    public async Task Resilience_handler_opens_its_circuit_after_repeated_failures()
    {
        await using var receiver = await TestReceiver.StartAsync();
        using var host = BuildHost(receiver, new Dictionary<string, string?>
        {
            ["Resilience:Http:MaxRetryAttempts"] = "2",
            ["Resilience:Http:BreakerMinimumThroughput"] = "3",
            ["Resilience:Http:BreakerFailureRatio"] = "0.5",
            ["Resilience:Http:BreakerBreakDuration"] = "00:01:00",
        });
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("history");

        using (var first = await client.GetAsync("/down").WaitAsync(TimeSpan.FromSeconds(30)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        }

        var attempts = receiver.Count("/down");
        Assert.Equal(3, attempts);

        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync("/down").WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(attempts, receiver.Count("/down"));
    }
}
