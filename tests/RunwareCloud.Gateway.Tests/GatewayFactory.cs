using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using PasswordHasherOptions = Microsoft.AspNetCore.Identity.PasswordHasherOptions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Gateway.Apis;
using RunwareCloud.Gateway.Data;
using RunwareCloud.Gateway.Proxy;

namespace RunwareCloud.Gateway.Tests;

/// <summary>The gateway in memory, with a fresh Postgres database and every service pointed at one real backend.</summary>
public class GatewayFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "gateway-tests-signing-key-0123456789abcdef";
    public const string AdminUserName = "root";
    public const string AdminPassword = "bootstrap-password-1";

    private string _connectionString = "";
    private string? _adminToken;
    private readonly string _redisKeyPrefix = TestInfrastructure.CreateKeyPrefix("gateway");

    public BackendServer Backend { get; } = new();

    public string WebRoot { get; } = Directory.CreateTempSubdirectory("gateway-web").FullName;

    public IdentityOptions Identity => new() { SigningKey = SigningKey };

    public async Task InitializeAsync()
    {
        await Backend.StartAsync();
        _connectionString = await TestInfrastructure.CreateDatabaseAsync("gateway").WaitAsync(TestTimeouts.Default);
        await File.WriteAllTextAsync(Path.Combine(WebRoot, "index.html"), "<!doctype html><title>RunwareCloud</title>");
        await File.WriteAllTextAsync(Path.Combine(WebRoot, "app.js"), "console.log('app');");
        StartServer();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Backend.DisposeAsync();
        Directory.Delete(WebRoot, recursive: true);
    }

    protected virtual void Configure(IDictionary<string, string> settings)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:gatewaydb"] = _connectionString,
            ["Identity:SigningKey"] = SigningKey,
            ["Bootstrap:AdminUserName"] = AdminUserName,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            ["Gateway:WebRoot"] = WebRoot,
            ["Gateway:RateLimit:PermitLimit"] = "100000",
            ["Gateway:Cors:Origins:0"] = "https://app.example.test",
            ["ConnectionStrings:redis"] = TestInfrastructure.RedisConnectionString,
            ["Redis:KeyPrefix"] = _redisKeyPrefix,
        };
        foreach (var service in GatewayRoutes.Services)
        {
            settings[$"services:{service}:http:0"] = Backend.Address.ToString();
        }

        Configure(settings);
        builder.UseEnvironment(Environments.Production);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // Production strength (100,000 iterations) would make every login in these tests cost a noticeable slice of a core.
        builder.ConfigureTestServices(services => services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000));
    }

    public async Task<string> LoginAsync(string userName, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = userName, password }).WaitAsync(TestTimeouts.Default);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>().WaitAsync(TestTimeouts.Default);
        return token!.AccessToken;
    }

    public async Task<string> LoginAsAdminAsync() => _adminToken ??= await LoginAsync(AdminUserName, AdminPassword);

    public HttpClient CreateClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a user through the admin API and returns their id.</summary>
    public async Task<Guid> CreateUserAsync(string userName, string password, string role)
    {
        using var admin = CreateClient(await LoginAsAdminAsync());
        var response = await admin.PostAsJsonAsync("/api/users", new { userName, password, role }).WaitAsync(TestTimeouts.Default);
        response.EnsureSuccessStatusCode();
        var user = await response.Content.ReadFromJsonAsync<UserResponse>().WaitAsync(TestTimeouts.Default);
        return user!.Id;
    }

    /// <summary>Writes a user straight to the database and returns a token for them, bypassing the (rate-limited) APIs.</summary>
    public async Task<string> SeedUserWithTokenAsync(string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var user = new User
        {
            UserName = NewUserName(role),
            NormalizedUserName = "",
            Role = role,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        user.NormalizedUserName = User.Normalize(user.UserName);
        db.Users.Add(user);
        await db.SaveChangesAsync().WaitAsync(TestTimeouts.Default);
        return JwtTokens.Issue(Identity, user.Id, user.UserName, role, DateTimeOffset.UtcNow);
    }

    public static string NewUserName(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
