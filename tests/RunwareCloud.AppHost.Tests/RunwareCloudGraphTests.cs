using RunwareCloud.AppHost.Hosting;
using RunwareCloud.AppHost.Hosting.Processes;

namespace RunwareCloud.AppHost.Tests;

/// <summary>The whole application, built from the AppHost's own graph, on the collection's servers in a temporary folder.</summary>
[Collection(LauncherCollection.Name)]
public sealed class RunwareCloudGraphTests(LauncherFixture fixture)
{
    [Fact]
    public async Task RunwareCloud_graph_starts_every_service_healthy_and_stops_without_leftovers()
    {
        using var folder = new TempFolder("graph");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            DataDirectory = folder.Path,
            UseEnvironmentVariables = false,
            WriteToConsole = false,
            Configuration = fixture.ExistingServers(),
        });
        RunwareCloudGraph.Build(builder);
        await using var app = builder.Build();
        try
        {
            await app.StartAsync();
            await app.WaitForAllReadyAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            var stuck = app.DescribeUnready();
            await app.StopAsync();
            Assert.Fail("Not ready: " + stuck);
        }

        var projects = app.Resources.OfType<ProjectResource>().ToList();
        Assert.Equal(
            new[] { "gateway", "generation-api", "history-api", "notifications-api", "orders-api", "pmr-emulator", "processing-api", "runware-emulator" },
            projects.Select(project => project.Name).Order());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Assert.True((await http.GetAsync(new Uri(app.GetEndpoint("gateway"), "/health"))).IsSuccessStatusCode);
        Assert.StartsWith("Endpoint=ws://127.0.0.1:", app.GetConnectionString("runware"), StringComparison.Ordinal);
        Assert.StartsWith("Endpoint=http://127.0.0.1:", app.GetConnectionString("pmr"), StringComparison.Ordinal);
        // Stored assets live with the rest of the application's data, not in the service's build output.
        var history = projects.Single(project => project.Name == "history-api");
        Assert.Equal(Path.Combine(folder.Path, "assets"), history.DisplayEnvironment["History__AssetRoot"]);
        var pids = projects.SelectMany(project => ProcessTree.Descendants(project.Pid!.Value)).ToList();

        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(90));

        var survivors = pids.Where(ProcessTree.IsAlive).Select(ProcessTree.Describe).ToList();
        Assert.True(survivors.Count == 0, "still running: " + string.Join("; ", survivors));
    }
}
