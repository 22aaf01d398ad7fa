using System.Collections.Concurrent;
using RunwareCloud.AppHost.Hosting;
using RunwareCloud.AppHost.Hosting.Dashboard;
using RunwareCloud.AppHost.Hosting.Supervision;

namespace RunwareCloud.Dashboard.Tests;

internal sealed class FakeResourceService : IResourceService
{
    public ConcurrentQueue<(string Name, ResourceCommand Command)> Commands { get; } = new();

    public IReadOnlyList<ResourceSnapshot> GetResources() =>
    [
        new()
        {
            Name = "generation-api",
            Type = "project",
            State = ResourceState.Running,
            Health = ResourceHealth.Healthy,
            Urls = ["http://127.0.0.1:5100"],
            Pid = 4242,
            Restarts = 2,
            Environment = new Dictionary<string, string> { ["ConnectionStrings__generationdb"] = "Host=127.0.0.1;Password=*****" },
        },
        new()
        {
            Name = "redis",
            Type = "redis",
            State = ResourceState.Exited,
            Health = ResourceHealth.Unknown,
            Urls = [],
            ExitCode = 1,
            Environment = new Dictionary<string, string>(),
        },
    ];

    public event Action<ResourceSnapshot>? ResourceChanged { add { } remove { } }

    public IReadOnlyList<ResourceLogLine> GetLogs(string resourceName) =>
    [
        new(1, DateTimeOffset.UtcNow, $"{resourceName} starting"),
        new(2, DateTimeOffset.UtcNow, "fail: connection refused"),
        new(3, DateTimeOffset.UtcNow, "info: listening"),
    ];

    public event Action<string, ResourceLogLine>? LogReceived { add { } remove { } }

    public Task ExecuteCommandAsync(string resourceName, ResourceCommand command, CancellationToken cancellationToken)
    {
        Commands.Enqueue((resourceName, command));
        return Task.CompletedTask;
    }
}
