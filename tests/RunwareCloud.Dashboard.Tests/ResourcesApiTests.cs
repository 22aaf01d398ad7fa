using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RunwareCloud.AppHost.Hosting.Dashboard;

namespace RunwareCloud.Dashboard.Tests;

public sealed class ResourcesApiTests
{
    [Fact]
    public async Task Resources_api_lists_state_health_restarts_and_masked_environment()
    {
        await using var host = await DashboardHost.StartAsync();

        var resources = await host.Browser.GetFromJsonAsync<JsonElement>("/api/resources").WaitAsync(TimeSpan.FromSeconds(30));

        var api = resources.EnumerateArray().Single(resource => resource.GetProperty("name").GetString() == "generation-api");
        Assert.Equal("running", api.GetProperty("state").GetString());
        Assert.Equal("healthy", api.GetProperty("health").GetString());
        Assert.Equal(2, api.GetProperty("restarts").GetInt32());
        Assert.Equal("http://127.0.0.1:5100", api.GetProperty("urls")[0].GetString());
        Assert.Contains("*****", api.GetProperty("environment").GetProperty("ConnectionStrings__generationdb").GetString());
        Assert.Equal(2, resources.GetArrayLength());
    }

    [Fact]
    public async Task Command_api_restarts_a_resource_and_rejects_unknown_names_and_commands()
    {
        await using var host = await DashboardHost.StartAsync();

        var restart = await host.Browser.PostAsync("/api/resources/generation-api/restart", null).WaitAsync(TimeSpan.FromSeconds(30));
        var unknownResource = await host.Browser.PostAsync("/api/resources/nope/stop", null).WaitAsync(TimeSpan.FromSeconds(30));
        var unknownCommand = await host.Browser.PostAsync("/api/resources/redis/explode", null).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(new[] { ("generation-api", ResourceCommand.Restart) }, host.Resources.Commands.ToArray());
        Assert.Equal(HttpStatusCode.NotFound, unknownResource.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownCommand.StatusCode);
        Assert.Contains("command", await unknownCommand.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Console_logs_api_filters_by_text_and_returns_lines_after_a_sequence()
    {
        await using var host = await DashboardHost.StartAsync();

        var search = await host.Browser.GetFromJsonAsync<JsonElement>("/api/resources/redis/logs?q=REFUSED").WaitAsync(TimeSpan.FromSeconds(30));
        var tail = await host.Browser.GetFromJsonAsync<JsonElement>("/api/resources/redis/logs?after=2").WaitAsync(TimeSpan.FromSeconds(30));
        var download = await host.Browser.GetAsync("/api/resources/redis/logs?download=true").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new string?[] { "fail: connection refused" }, search.GetProperty("lines").EnumerateArray().Select(line => line.GetProperty("text").GetString()));
        Assert.Equal(3, tail.GetProperty("last").GetInt64());
        Assert.Equal(new string?[] { "info: listening" }, tail.GetProperty("lines").EnumerateArray().Select(line => line.GetProperty("text").GetString()));
        Assert.Contains("redis starting", await download.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
    }
}
