using System.Diagnostics;
using Microsoft.Playwright;
using RunwareCloud.AppHost;
using RunwareCloud.AppHost.Hosting;
using RunwareCloud.AppHost.Hosting.Publishing;
using RunwareCloud.Dashboard;

namespace RunwareCloud.Web.Tests;

/// <summary>
/// The whole system started through the AppHost's graph (as the end-to-end tests do), with the gateway serving the built
/// web app, the ops dashboard receiving every service's telemetry, and one headless Debian chromium driving both.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public const string AdminPassword = "web-tests-admin-password-42";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"runwarecloud-web-{Guid.NewGuid():N}");
    private DistributedApplication _app = null!;
    private IPlaywright _playwright = null!;

    public Uri Gateway { get; private set; } = null!;
    public OpsDashboard Dashboard { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string ScreenshotDirectory { get; } = Path.Combine(ManifestWriter.RepositoryRoot(), "test-artifacts", "web");

    public async Task InitializeAsync()
    {
        var webRoot = await EnsureWebAppBuiltAsync();
        Directory.CreateDirectory(ScreenshotDirectory);
        Directory.CreateDirectory(_dataDirectory);
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            DataDirectory = _dataDirectory,
            UseEnvironmentVariables = false,
            WriteToConsole = false,
            Configuration =
            {
                ["Parameters:admin-password"] = AdminPassword,
                ["Parameters:runware-api-key"] = "web-tests-runware-key",
            },
        });
        RunwareCloudGraph.Build(builder);
        Dashboard = new OpsDashboard(new DashboardOptions());
        builder.AddDashboard(Dashboard);
        builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "gateway")
            .EnvironmentVariables.Add(("Gateway__WebRoot", new LiteralValue(webRoot)));
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

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (own storage, so its own sign-in) on the gateway.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Gateway.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task SignInAsAdminAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("User name").FillAsync(RunwareCloudGraph.AdminUserName);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });

    /// <summary>test.sh and run.sh build the web app; a test run started on its own builds it when dist is missing.</summary>
    private static async Task<string> EnsureWebAppBuiltAsync()
    {
        var project = Path.Combine(ManifestWriter.RepositoryRoot(), "src", "RunwareCloud.Web");
        var dist = Path.Combine(project, "dist");
        if (File.Exists(Path.Combine(dist, "index.html")))
        {
            return dist;
        }

        foreach (var arguments in new[] { Directory.Exists(Path.Combine(project, "node_modules")) ? null : "ci --no-audit --no-fund", "run build" })
        {
            if (arguments is null)
            {
                continue;
            }

            using var npm = Process.Start(new ProcessStartInfo("npm", arguments) { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = npm.StandardOutput.ReadToEndAsync();
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm {arguments} failed: {await output}{await errors}");
            }
        }

        return dist;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
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
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
