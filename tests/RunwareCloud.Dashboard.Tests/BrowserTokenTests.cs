using System.Net;
using System.Net.Http.Headers;

namespace RunwareCloud.Dashboard.Tests;

public sealed class BrowserTokenTests
{
    [Fact]
    public async Task Dashboard_refuses_pages_and_api_when_the_browser_has_no_token_cookie()
    {
        await using var host = await DashboardHost.StartAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync("/api/resources").WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync("/").WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync("/api/traces").WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync("/login?t=not-the-token").WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
    }

    [Fact]
    public async Task Login_link_sets_a_cookie_and_redirects_when_the_token_is_right()
    {
        await using var host = await DashboardHost.StartAsync();

        var login = await host.Anonymous.GetAsync(host.Dashboard.Url).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("runwarecloud-dashboard=", StringComparison.Ordinal) && cookie.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var page = await host.Browser.GetAsync("/").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("RunwareCloud", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Browser.GetAsync("/app.js").WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
    }

    [Fact]
    public async Task Otlp_receiver_accepts_exports_when_there_is_no_cookie()
    {
        await using var host = await DashboardHost.StartAsync();
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        var response = await host.Anonymous.PostAsync("/v1/traces", content).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
    }
}
