using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RunwareCloud.AppHost;
using RunwareCloud.AppHost.Hosting;

namespace RunwareCloud.EndToEnd.Tests;

/// <summary>
/// The whole system, started through the AppHost's own graph (servers, emulators, services, gateway) in a temporary
/// folder, and driven only through the gateway, as a client would.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public const string AdminPassword = "end-to-end-admin-password-42";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"runwarecloud-e2e-{Guid.NewGuid():N}");
    private DistributedApplication _app = null!;

    public Uri Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            DataDirectory = _dataDirectory,
            UseEnvironmentVariables = false,
            WriteToConsole = false,
            Configuration =
            {
                ["Parameters:admin-password"] = AdminPassword,
                ["Parameters:runware-api-key"] = "end-to-end-runware-key",
            },
        });
        RunwareCloudGraph.Build(builder);
        _app = builder.Build();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await _app.StartAsync(startup.Token);
        try
        {
            await _app.WaitForAllReadyAsync(startup.Token);
        }
        catch (OperationCanceledException) when (startup.IsCancellationRequested)
        {
            throw new TimeoutException("The system did not start in time; not ready: " + _app.DescribeUnready());
        }

        Gateway = _app.GetEndpoint("gateway");
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<string> LogInAsync(string userName, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Creates a user through the admin API and returns a token for them.</summary>
    public async Task<string> CreateUserAsync(string role)
    {
        using var admin = CreateClient(await LogInAsync(RunwareCloudGraph.AdminUserName, AdminPassword));
        var userName = $"{role}-{Guid.NewGuid():N}"[..20];
        var password = $"pw-{Guid.NewGuid():N}";
        var response = await admin.PostAsJsonAsync("/api/users", new { userName, password, role });
        response.EnsureSuccessStatusCode();
        return await LogInAsync(userName, password);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
