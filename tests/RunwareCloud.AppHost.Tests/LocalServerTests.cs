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
