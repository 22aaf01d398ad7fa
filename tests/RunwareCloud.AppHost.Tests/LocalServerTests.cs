using RunwareCloud.AppHost.Hosting.Networking;
using RunwareCloud.AppHost.Hosting.Processes;
using RunwareCloud.AppHost.Hosting.Servers;

namespace RunwareCloud.AppHost.Tests;

public sealed class LocalServerTests
{
    [Fact]
    public async Task A_server_that_dies_while_starting_fails_with_its_exit_code_and_last_output()
    {
        await using var server = new DyingServer();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(CancellationToken.None))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("exited with code 3 before its port", error.Message);
        Assert.Contains("cannot bind: address in use", error.Message);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("messaging")]
    [InlineData("redis")]
    public async Task A_server_starts_on_a_folder_where_a_server_of_a_killed_host_still_runs_and_stops_that_one(string kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"leftover-{kind}-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // The first server's host "dies": nothing stops it, and the next host starts on the same folder.
        var leftover = CreateServer(kind, folder);
        await leftover.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        await using var next = CreateServer(kind, folder);
        try
        {
            await next.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

            await leftover.Process!.Exited.WaitAsync(TimeSpan.FromSeconds(30));
            // Its main port (a RabbitMQ node's private epmd outlives the node until stopped on its own).
            Assert.True(FreePorts.IsFree(leftover.Ports[0]), $"port {leftover.Ports[0]} is still in use");
            Assert.False(next.Process!.HasExited);
        }
        finally
        {
            await leftover.StopAsync();
            await next.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static LocalServer CreateServer(string kind, string folder) => kind switch
    {
        "postgres" => new PostgresServer(kind, folder, FreePorts.Next(), "leftover-password", fastUnsafeSettings: true, _ => { }),
        "messaging" => new RabbitMQServer(kind, folder, RabbitMQPorts.Allocate(), "guest", "leftover-password", _ => { }),
        _ => new RedisServer(kind, folder, FreePorts.Next(), _ => { }),
    };

    /// <summary>A "server" that reports why it cannot start and exits, as a server would whose port was taken.</summary>
    private sealed class DyingServer() : LocalServer("dying", _ => { })
    {
        public override string ConnectionString => "";

        public override IReadOnlyList<int> Ports => [];

        public override async Task StartAsync(CancellationToken cancellationToken)
        {
            Process = ManagedProcess.Start(
                new ProcessSpec { FileName = "/bin/sh", Arguments = ["-c", "echo starting; echo 'cannot bind: address in use' >&2; exit 3"] }, Log);
            await Process.Exited;
            await WaitUntilReadyAsync(_ => Task.FromResult(false), "its port", cancellationToken);
        }

        public override Task StopAsync() => Task.CompletedTask;
    }
}
