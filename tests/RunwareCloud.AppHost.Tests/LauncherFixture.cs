using RunwareCloud.AppHost.Hosting;

namespace RunwareCloud.AppHost.Tests;

/// <summary>One Postgres, Redis and RabbitMQ started by the AppHost's launcher in a temporary folder, shared by the collection.</summary>
public sealed class LauncherFixture : IAsyncLifetime
{
    public TempFolder Folder { get; } = new("launcher");

    public InfrastructureSet Infrastructure { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Infrastructure = new InfrastructureSet(Folder.Path, fastUnsafeSettings: true, (_, _) => { });
        await Infrastructure.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));
    }

    public async Task DisposeAsync()
    {
        await Infrastructure.StopAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Folder.Dispose();
    }

    /// <summary>Configuration that points an application at these servers (so it starts none of its own).</summary>
    public Dictionary<string, string?> ExistingServers() => new()
    {
        ["ConnectionStrings:postgres"] = Infrastructure.Postgres.ConnectionString,
        ["ConnectionStrings:redis"] = Infrastructure.Redis.ConnectionString,
        ["ConnectionStrings:messaging"] = Infrastructure.Messaging.ConnectionString,
    };
}

[CollectionDefinition(Name)]
public sealed class LauncherCollection : ICollectionFixture<LauncherFixture>
{
    public const string Name = "launcher";
}

/// <summary>A folder under /tmp that every user can traverse (the postgres user must reach its cluster), removed at the end.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix)
    {
        Path = System.IO.Path.Combine("/tmp", $"runwarecloud-{prefix}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(Path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, (UnixFileMode)0b111_101_101);
        }
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
