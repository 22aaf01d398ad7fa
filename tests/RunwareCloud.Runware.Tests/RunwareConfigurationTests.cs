using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Runware.Tests;

public sealed class RunwareConfigurationTests
{
    [Fact]
    public void Connection_string_parses_endpoint_key_and_transport_and_hides_the_key()
    {
        var parsed = RunwareConnectionString.Parse("Endpoint=wss://ws-api.runware.ai/v1;ApiKey=sk-secret-42;Transport=rest");

        Assert.Equal(new Uri("wss://ws-api.runware.ai/v1"), parsed.Endpoint);
        Assert.Equal(RunwareTransportKind.Rest, parsed.Transport);
        Assert.Equal(new Uri("https://ws-api.runware.ai/v1"), parsed.RestEndpoint);
        Assert.DoesNotContain("sk-secret-42", parsed.ToString());
    }

    [Theory]
    [InlineData("ApiKey=x", "Endpoint")]
    [InlineData("Endpoint=ws://127.0.0.1:1/v1", "ApiKey")]
    [InlineData("Endpoint=ftp://x/v1;ApiKey=x", "Endpoint")]
    [InlineData("Endpoint=ws://127.0.0.1:1/v1;ApiKey=x;Transport=pigeon", "Transport")]
    public void Connection_string_names_the_bad_part_when_invalid(string value, string part)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => RunwareConnectionString.Parse(value));

        Assert.Contains(part, exception.Message);
        Assert.Contains("ConnectionStrings:runware", exception.Message);
    }

    [Fact]
    public void Options_validation_names_each_bad_setting()
    {
        var options = new RunwarePoolOptions
        {
            Connections = 0, PingInterval = TimeSpan.Zero, MaxQueueLength = -1, RedispatchAttempts = -1,
            TaskTimeouts = { ["imageInference"] = TimeSpan.Zero },
        };

        var result = new RunwarePoolOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Runware:Pool:Connections"));
        Assert.Contains(result.Failures!, f => f.Contains("Runware:Pool:PingInterval"));
        Assert.Contains(result.Failures!, f => f.Contains("Runware:Pool:MaxQueueLength"));
        Assert.Contains(result.Failures!, f => f.Contains("Runware:Pool:RedispatchAttempts"));
        Assert.Contains(result.Failures!, f => f.Contains("Runware:Pool:TaskTimeouts:imageInference"));
        Assert.True(new RunwarePoolOptionsValidator().Validate(null, new RunwarePoolOptions()).Succeeded);
    }

    [Fact]
    public async Task AddRunwareClient_fails_at_start_naming_the_setting_when_options_are_invalid()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:runware"] = "Endpoint=ws://127.0.0.1:9/v1;ApiKey=k",
            ["Runware:Pool:Connections"] = "0",
        });
        builder.AddRunwareClient("runware");
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("Runware:Pool:Connections", exception.Message);
    }

    [Fact]
    public void AddRunwareClient_binds_pool_options_and_registers_the_client()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:runware"] = "Endpoint=ws://127.0.0.1:9/v1;ApiKey=k",
            ["Runware:Pool:Connections"] = "3",
            ["Runware:Pool:TaskTimeouts:upscale"] = "00:00:42",
        });
        builder.AddRunwareClient("runware");
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<RunwarePoolOptions>>().Value;

        Assert.Equal(3, options.Connections);
        Assert.Equal(TimeSpan.FromSeconds(42), options.TimeoutFor("upscale"));
        Assert.Equal(TimeSpan.FromMinutes(5), options.TimeoutFor("imageInference"));
        Assert.IsType<RunwareClient>(host.Services.GetRequiredService<IRunwareClient>());
    }
}
