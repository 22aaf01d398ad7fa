using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using static RunwareCloud.Gateway.Tests.ResponseAssertions;

namespace RunwareCloud.Gateway.Tests;

public sealed class ProxyTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Proxy_forwards_bearer_token_and_correlation_id_to_the_service()
    {
        var token = await factory.LoginAsAdminAsync();
        using var client = factory.CreateClient(token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/generations/42?status=queued");
        request.Headers.Add("X-Correlation-Id", "order-7.retry-1");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        var response = await client.SendAsync(request).WaitAsync(TestTimeouts.Default);
        var echo = await response.Content.ReadFromJsonAsync<BackendEcho>().WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/api/generations/42", echo!.Path);
        Assert.Equal($"Bearer {token}", echo.Authorization);
        Assert.Equal("order-7.retry-1", echo.CorrelationId);
        Assert.Equal("order-7.retry-1", response.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Contains("0af7651916cd43dd8448eb211c80319c", echo.TraceParent);
    }

    [Theory]
    [InlineData("/api/prompts/enhance")]
    [InlineData("/api/models")]
    [InlineData("/api/processing/upscale")]
    [InlineData("/api/assets/5")]
    [InlineData("/api/settings")]
    [InlineData("/api/orders/3/audit")]
    [InlineData("/api/pmr/health")]
    [InlineData("/api/webhooks")]
    [InlineData("/hubs/notifications/negotiate")]
    public async Task Proxy_routes_each_public_api_to_its_service(string path)
    {
        using var client = factory.CreateClient(await factory.LoginAsAdminAsync());

        var echo = await client.GetFromJsonAsync<BackendEcho>(path).WaitAsync(TestTimeouts.Default);

        Assert.Equal(path, echo!.Path);
    }

    [Fact]
    public async Task Proxy_generates_a_correlation_id_when_the_caller_sends_none()
    {
        using var client = factory.CreateClient(await factory.LoginAsAdminAsync());

        var response = await client.GetAsync("/api/history").WaitAsync(TestTimeouts.Default);
        var echo = await response.Content.ReadFromJsonAsync<BackendEcho>().WaitAsync(TestTimeouts.Default);

        var echoed = response.Headers.GetValues("X-Correlation-Id").Single();
        Assert.True(Guid.TryParse(echoed, out _));
        Assert.Equal(echoed, echo!.CorrelationId);
    }

    [Fact]
    public async Task Proxy_returns_401_problem_and_never_calls_the_service_when_unauthenticated()
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/generations", new { prompt = "a fox" }).WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_api_route_returns_404_problem()
    {
        using var client = factory.CreateClient(await factory.LoginAsAdminAsync());

        var response = await client.GetAsync("/api/does-not-exist/1").WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Oversized_body_returns_413_problem_outside_uploads()
    {
        using var client = factory.CreateClient(await factory.LoginAsAdminAsync());

        var response = await client.PostAsync("/api/generations", new ByteArrayContent(new byte[1024 * 1024 + 1])).WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Uploads_accept_bodies_up_to_50_MB_and_refuse_larger_ones()
    {
        using var client = factory.CreateClient(await factory.LoginAsAdminAsync());

        var accepted = await client.PostAsync("/api/orders/9/images", new ByteArrayContent(new byte[2 * 1024 * 1024])).WaitAsync(TestTimeouts.Default);
        var refused = await client.PostAsync("/api/assets", new ByteArrayContent(new byte[50 * 1024 * 1024 + 1])).WaitAsync(TestTimeouts.Default);

        var echo = await accepted.Content.ReadFromJsonAsync<BackendEcho>().WaitAsync(TestTimeouts.Default);
        Assert.Equal(2 * 1024 * 1024, echo!.BodyLength);
        await AssertProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Responses_carry_security_headers()
    {
        using var client = factory.CreateClient(await factory.LoginAsAdminAsync());

        var response = await client.GetAsync("/api/generations").WaitAsync(TestTimeouts.Default);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Fact]
    public async Task Cors_allows_configured_origins_only()
    {
        using var client = factory.CreateClient();
        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/api/generations");
        allowed.Headers.Add("Origin", "https://app.example.test");
        allowed.Headers.Add("Access-Control-Request-Method", "POST");
        using var other = new HttpRequestMessage(HttpMethod.Options, "/api/generations");
        other.Headers.Add("Origin", "https://evil.example.test");
        other.Headers.Add("Access-Control-Request-Method", "POST");

        var allowedResponse = await client.SendAsync(allowed).WaitAsync(TestTimeouts.Default);
        var otherResponse = await client.SendAsync(other).WaitAsync(TestTimeouts.Default);

        Assert.Equal("https://app.example.test", allowedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task OpenApi_index_lists_every_service_document_served_through_the_gateway()
    {
        using var client = factory.CreateClient();

        var index = await client.GetFromJsonAsync<JsonElement>("/openapi").WaitAsync(TestTimeouts.Default);
        var urls = index.EnumerateArray().Select(d => d.GetProperty("url").GetString()!).ToList();
        var generation = await client.GetFromJsonAsync<BackendEcho>("/openapi/generation-api/v1.json").WaitAsync(TestTimeouts.Default);
        var own = await client.GetAsync("/openapi/v1.json").WaitAsync(TestTimeouts.Default);

        Assert.Contains("/openapi/v1.json", urls);
        Assert.Contains("/openapi/notifications-api/v1.json", urls);
        Assert.Equal(6, urls.Count);
        Assert.Equal("/openapi/v1.json", generation!.Path);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Web_app_is_served_with_index_fallback_outside_api()
    {
        using var client = factory.CreateClient();

        var root = await client.GetStringAsync("/").WaitAsync(TestTimeouts.Default);
        var deepLink = await client.GetStringAsync("/history/some-item").WaitAsync(TestTimeouts.Default);
        var script = await client.GetStringAsync("/app.js").WaitAsync(TestTimeouts.Default);

        Assert.Contains("<title>RunwareCloud</title>", root);
        Assert.Equal(root, deepLink);
        Assert.Contains("console.log", script);
    }

    [Fact]
    public async Task Gateway_reports_healthy_when_its_database_answers()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health").WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
