using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Gateway.RateLimiting;
using static RunwareCloud.Gateway.Tests.ResponseAssertions;

namespace RunwareCloud.Gateway.Tests;

public sealed class RateLimitedGatewayFactory : GatewayFactory
{
    public const int PermitLimit = 5;

    protected override void Configure(IDictionary<string, string> settings)
    {
        settings["Gateway:RateLimit:PermitLimit"] = PermitLimit.ToString();
        settings["Gateway:RateLimit:Window"] = "00:01:00";
    }
}

public sealed class RateLimitTests(RateLimitedGatewayFactory factory) : IClassFixture<RateLimitedGatewayFactory>
{
    [Fact]
    public async Task Burst_over_the_limit_returns_429_problem_with_Retry_After()
    {
        using var client = factory.CreateClient(await factory.SeedUserWithTokenAsync(Roles.User));
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;

        for (var i = 0; i < RateLimitedGatewayFactory.PermitLimit + 2; i++)
        {
            var response = await client.GetAsync("/api/generations").WaitAsync(TestTimeouts.Default);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected ??= response;
            }
        }

        Assert.All(statuses.Take(RateLimitedGatewayFactory.PermitLimit), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.NotNull(rejected);
        var retryAfter = int.Parse(rejected.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        await AssertProblemAsync(rejected, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Limits_are_kept_per_user()
    {
        using var exhausted = factory.CreateClient(await factory.SeedUserWithTokenAsync(Roles.User));
        using var other = factory.CreateClient(await factory.SeedUserWithTokenAsync(Roles.User));
        for (var i = 0; i < RateLimitedGatewayFactory.PermitLimit; i++)
        {
            await exhausted.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);
        }

        var overLimit = await exhausted.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);
        var otherUser = await other.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.TooManyRequests, overLimit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }

    [Fact]
    public async Task Limit_is_shared_by_every_gateway_instance_through_Redis()
    {
        var token = await factory.SeedUserWithTokenAsync(Roles.User);
        await using var secondInstance = factory.WithWebHostBuilder(_ => { });
        using var first = factory.CreateClient(token);
        using var second = secondInstance.CreateClient();
        second.DefaultRequestHeaders.Authorization = new("Bearer", token);
        for (var i = 0; i < RateLimitedGatewayFactory.PermitLimit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me").WaitAsync(TestTimeouts.Default)).StatusCode);
        }

        var response = await second.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);

        Assert.IsType<RedisRateLimiterFactory>(secondInstance.Services.GetRequiredService<IRateLimiterFactory>());
        await AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
    }
}
