using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
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
        var token = await factory.LoginAsAdminAsync();
        using var client = factory.CreateClient(token);
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

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.NotNull(rejected);
        var retryAfter = int.Parse(rejected.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        await AssertProblemAsync(rejected, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Limits_are_kept_per_user()
    {
        var userName = GatewayFactory.NewUserName();
        await factory.CreateUserAsync(userName, "password-123", Roles.User);
        using var exhausted = factory.CreateClient(await factory.LoginAsync(userName, "password-123"));
        for (var i = 0; i < RateLimitedGatewayFactory.PermitLimit; i++)
        {
            await exhausted.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);
        }

        var otherName = GatewayFactory.NewUserName();
        await factory.CreateUserAsync(otherName, "password-123", Roles.User);
        using var other = factory.CreateClient(await factory.LoginAsync(otherName, "password-123"));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await exhausted.GetAsync("/api/me").WaitAsync(TestTimeouts.Default)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/me").WaitAsync(TestTimeouts.Default)).StatusCode);
    }
}
