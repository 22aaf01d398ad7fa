using System.Net;
using RunwareCloud.Dashboard;

namespace RunwareCloud.Dashboard.Tests;

/// <summary>A started dashboard with a fake resource service, a logged-in browser client and an anonymous one.</summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private DashboardHost(OpsDashboard dashboard, FakeResourceService resources)
    {
        Dashboard = dashboard;
        Resources = resources;
        Browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = dashboard.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = dashboard.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public OpsDashboard Dashboard { get; }

    public FakeResourceService Resources { get; }

    public HttpClient Browser { get; }

    public HttpClient Anonymous { get; }

    public static async Task<DashboardHost> StartAsync(DashboardOptions? options = null)
    {
        var dashboard = new OpsDashboard(options ?? new DashboardOptions());
        var resources = new FakeResourceService();
        await dashboard.StartAsync(resources, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var host = new DashboardHost(dashboard, resources);
        var login = await host.Browser.GetAsync(dashboard.Url).WaitAsync(TimeSpan.FromSeconds(30));
        login.EnsureSuccessStatusCode();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        Anonymous.Dispose();
        await Dashboard.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
