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

    [Fact]
    public async Task Postgres_starts_on_a_cluster_that_a_server_of_a_killed_host_still_holds()
    {
        var folder = Path.Combine(Path.GetTempPath(), "leftover-postgres-" + Guid.NewGuid().ToString("N"));
        // The first server's host "dies": nothing stops it, and the next host starts on the same folder.
        var leftover = new PostgresServer("postgres", folder, FreePorts.Next(), "leftover-password", fastUnsafeSettings: true, _ => { });
        await leftover.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        await using var next = new PostgresServer("postgres", folder, FreePorts.Next(), "leftover-password", fastUnsafeSettings: true, _ => { });
        try
        {
            await next.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

            await leftover.Process!.Exited.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(FreePorts.IsFree(leftover.Port));
            await using var connection = new Npgsql.NpgsqlConnection(next.ConnectionString);
            await connection.OpenAsync();
        }
        finally
        {
            await leftover.StopAsync();
            await next.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task RabbitMQ_starts_on_a_folder_whose_node_of_a_killed_host_still_runs()
    {
        var folder = Path.Combine(Path.GetTempPath(), "leftover-rabbitmq-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var leftover = new RabbitMQServer("messaging", folder, RabbitMQPorts.Allocate(), "guest", "leftover-password", _ => { });
        await leftover.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        await using var next = new RabbitMQServer("messaging", folder, RabbitMQPorts.Allocate(), "guest", "leftover-password", _ => { });
        try
        {
            await next.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

            await leftover.Process!.Exited.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(FreePorts.IsFree(leftover.PortSet.Amqp));
            Assert.False(next.Process!.HasExited);
        }
        finally
        {
            await leftover.StopAsync();
            await next.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Redis_stops_a_server_of_a_killed_host_left_on_its_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "leftover-redis-" + Guid.NewGuid().ToString("N"));
        var leftover = new RedisServer("redis", folder, FreePorts.Next(), _ => { });
        await leftover.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        await using var next = new RedisServer("redis", folder, FreePorts.Next(), _ => { });
        try
        {
            await next.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));

            await leftover.Process!.Exited.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(FreePorts.IsFree(leftover.Port));
            Assert.False(next.Process!.HasExited);
        }
        finally
        {
            await leftover.StopAsync();
            await next.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

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
