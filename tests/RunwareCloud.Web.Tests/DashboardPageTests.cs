using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RunwareCloud.AppHost.Hosting.Publishing;

namespace RunwareCloud.Web.Tests;

/// <summary>The ops dashboard's pages in headless chromium, over the running system; a screenshot of each page is kept.</summary>
[Collection(WebCollection.Name)]
public sealed partial class DashboardPageTests(WebFixture web)
{
    private static readonly LocatorAssertionsToBeVisibleOptions s_telemetryWait = new() { Timeout = 60_000 };
    private static readonly string s_screenshots = Path.Combine(ManifestWriter.RepositoryRoot(), "test-artifacts", "dashboard");

    [Fact]
    public async Task Every_page_shows_the_running_system()
    {
        var page = await OpenAsync();
        var errors = CollectPageErrors(page);

        await Assertions.Expect(page.Locator("[data-testid=resource][data-name=gateway][data-state=running][data-health=healthy]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=resource][data-name=postgres]")).ToBeVisibleAsync();
        Assert.True(await page.Locator("[data-testid=resource]").CountAsync() >= 10);
        await Assertions.Expect(page.Locator("#queues")).ToContainTextAsync("Queue depth");
        await ScreenshotAsync(page, "resources");

        await page.GetByRole(AriaRole.Link, new() { Name = "Console logs" }).ClickAsync();
        await page.GetByLabel("Resource").SelectOptionAsync("gateway");
        await Assertions.Expect(page.Locator("#out")).ToContainTextAsync("Now listening on");
        await page.GetByLabel("Search console").FillAsync("listening");
        await Assertions.Expect(page.Locator("#out")).ToContainTextAsync("Now listening on");
        var lines = (await page.Locator("#out").InnerTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Contains("listening", line, StringComparison.OrdinalIgnoreCase));
        await ScreenshotAsync(page, "console-logs");

        await page.GetByRole(AriaRole.Link, new() { Name = "Structured logs" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=log]").First).ToBeVisibleAsync(s_telemetryWait);
        await ScreenshotAsync(page, "structured-logs");

        await page.GetByRole(AriaRole.Link, new() { Name = "Traces" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=trace]").First).ToBeVisibleAsync(s_telemetryWait);
        await ScreenshotAsync(page, "traces");

        await page.GetByRole(AriaRole.Link, new() { Name = "Metrics" }).ClickAsync();
        await page.GetByLabel("Service").SelectOptionAsync("gateway");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Requests per second" })).ToBeVisibleAsync();
        // A drawn line means the chart has points (an empty one says "no data yet").
        await Assertions.Expect(page.Locator("[data-testid=chart]").Filter(new() { HasText = "Requests per second" }).Locator("polyline"))
            .ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await ScreenshotAsync(page, "metrics");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Trace_list_leads_from_a_job_to_its_waterfall_across_services()
    {
        var job = await TracedJob.SharedAsync(web);
        var page = await OpenAsync();
        var errors = CollectPageErrors(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Traces" }).ClickAsync();
        // The job id finds the request that created the job (its Location) and any that read it since.
        await page.GetByLabel("Search traces").FillAsync(job.JobId.ToString());
        var row = page.Locator($"[data-testid=trace][data-trace-id='{job.TraceId}']");
        // Services report their spans in batches: the row fills in as they arrive.
        await Assertions.Expect(row).ToContainTextAsync("notifications-api", new() { Timeout = 60_000 });
        await ScreenshotAsync(page, "traces-search");

        await row.ClickAsync();
        await Assertions.Expect(page.Locator(".waterfall")).ToBeVisibleAsync();
        foreach (var service in new[] { "gateway", "generation-api", "runware-emulator", "history-api", "notifications-api" })
        {
            await Assertions.Expect(page.Locator($"[data-testid=span][data-service={service}]").First).ToBeVisibleAsync();
        }

        await page.Locator("[data-testid=span][data-service=gateway]").First.ClickAsync();
        await Assertions.Expect(page.Locator("#span h4")).ToContainTextAsync("POST");
        await Assertions.Expect(page.Locator("#span")).ToContainTextAsync("http.response.status_code");
        await page.Locator("[data-testid=span][data-service=generation-api]").Filter(new() { HasText = "runware imageInference" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#span")).ToContainTextAsync("runware.task_type");
        await ScreenshotAsync(page, "trace-waterfall");

        await page.GetByRole(AriaRole.Link, new() { Name = "logs", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Trace id")).ToHaveValueAsync(job.TraceId);
        await Assertions.Expect(page.Locator($"[data-testid=log]:not([data-trace-id='{job.TraceId}'])")).ToHaveCountAsync(0);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Structured_logs_filter_by_resource_level_and_text()
    {
        var page = await OpenAsync();
        var errors = CollectPageErrors(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Structured logs" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=log]").First).ToBeVisibleAsync(s_telemetryWait);

        await page.GetByLabel("Resource").FillAsync("history-api");
        await Assertions.Expect(page.Locator("[data-testid=log]:not([data-service=history-api])")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=log][data-service=history-api]").First).ToBeVisibleAsync();

        await page.GetByLabel("Resource").FillAsync("");
        await page.GetByLabel("Search logs").FillAsync("listening");
        await Assertions.Expect(page.Locator("[data-testid=log]").Filter(new() { HasNotTextRegex = ListeningRegex() })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=log][data-service=gateway]").First).ToBeVisibleAsync();

        await page.GetByLabel("Level").SelectOptionAsync("Warning");
        await Assertions.Expect(page.Locator("[data-testid=log][data-level=Information]")).ToHaveCountAsync(0);
        await page.GetByLabel("Level").SelectOptionAsync("Information");
        await Assertions.Expect(page.Locator("[data-testid=log][data-level=Information]").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "structured-logs-filtered");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Resources_page_restarts_a_project_that_comes_back_healthy_with_a_new_process()
    {
        const string project = "pmr-emulator";
        var page = await OpenAsync();
        var errors = CollectPageErrors(page);
        var row = page.Locator($"[data-testid=resource][data-name={project}]");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-health", "healthy");
        var pid = await row.GetAttributeAsync("data-pid");
        Assert.False(string.IsNullOrEmpty(pid));

        await page.GetByRole(AriaRole.Button, new() { Name = $"restart {project}", Exact = true }).ClickAsync();

        await Assertions.Expect(row).Not.ToHaveAttributeAsync("data-pid", pid!, new() { Timeout = 60_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "running", new() { Timeout = 60_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-health", "healthy", new() { Timeout = 60_000 });
        Assert.NotEqual(pid, await row.GetAttributeAsync("data-pid"));
        await ScreenshotAsync(page, "resources-restarted");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    /// <summary>A fresh browser context that opens the link the host prints (it carries the access token).</summary>
    private async Task<IPage> OpenAsync()
    {
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = web.Dashboard.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failures.Add($"{response.Status} {response.Url}");
            }
        };
        await page.GotoAsync(web.Dashboard.Url!);
        try
        {
            await Assertions.Expect(page.Locator("[data-testid=resource]").First).ToBeVisibleAsync();
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException($"The resources page did not render; failed requests: {string.Join(", ", failures)}", exception);
        }

        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(s_screenshots);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, $"{name}.png"), FullPage = true });
    }

    private static List<string> CollectPageErrors(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        return errors;
    }

    [GeneratedRegex("listening", RegexOptions.IgnoreCase)]
    private static partial Regex ListeningRegex();
}
