using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Gateway.Apis;
using static RunwareCloud.Gateway.Tests.ResponseAssertions;

namespace RunwareCloud.Gateway.Tests;

public sealed class ApiKeyTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Api_key_authenticates_its_owner_when_sent_as_X_Api_Key()
    {
        var (userName, key) = await CreateUserWithKeyAsync(Roles.User);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);

        var me = await client.GetFromJsonAsync<MeResponse>("/api/me").WaitAsync(TestTimeouts.Default);

        Assert.Equal(userName, me!.UserName);
        Assert.Equal(Roles.User, me.Role);
        Assert.Equal("apiKey", me.AuthenticationMethod);
    }

    [Fact]
    public async Task Api_key_authenticates_its_owner_when_sent_in_Authorization_header()
    {
        var (userName, key) = await CreateUserWithKeyAsync(Roles.Viewer);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key.Key);

        var me = await client.GetFromJsonAsync<MeResponse>("/api/me").WaitAsync(TestTimeouts.Default);

        Assert.Equal(userName, me!.UserName);
    }

    [Fact]
    public async Task Proxy_forwards_a_minted_bearer_token_instead_of_the_api_key()
    {
        var (userName, key) = await CreateUserWithKeyAsync(Roles.User);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);

        var echo = await client.GetFromJsonAsync<BackendEcho>("/api/history?q=fox").WaitAsync(TestTimeouts.Default);

        Assert.Equal("", echo!.ApiKey);
        Assert.StartsWith("Bearer ", echo.Authorization);
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(echo.Authorization["Bearer ".Length..]);
        Assert.Equal(userName, jwt.Claims.Single(c => c.Type == JwtTokens.NameClaim).Value);
        Assert.True(jwt.ValidTo <= DateTime.UtcNow.AddMinutes(6));
    }

    [Fact]
    public async Task Api_key_is_rejected_when_revoked()
    {
        var userName = GatewayFactory.NewUserName();
        await factory.CreateUserAsync(userName, "password-123", Roles.User);
        using var owner = factory.CreateClient(await factory.LoginAsync(userName, "password-123"));
        var key = await CreateKeyAsync(owner);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me").WaitAsync(TestTimeouts.Default)).StatusCode);

        var revoke = await owner.DeleteAsync($"/api/auth/keys/{key.Id}").WaitAsync(TestTimeouts.Default);
        var afterRevoke = await client.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);
        var proxied = await client.GetAsync("/api/generations").WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await AssertProblemAsync(afterRevoke, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(proxied, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_api_key_gets_401_problem()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "rwc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var response = await client.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Key_list_shows_prefix_but_never_the_key_or_its_hash()
    {
        var userName = GatewayFactory.NewUserName();
        await factory.CreateUserAsync(userName, "password-123", Roles.User);
        using var owner = factory.CreateClient(await factory.LoginAsync(userName, "password-123"));
        var key = await CreateKeyAsync(owner);

        var body = await owner.GetStringAsync("/api/auth/keys").WaitAsync(TestTimeouts.Default);
        var keys = await owner.GetFromJsonAsync<List<ApiKeyResponse>>("/api/auth/keys").WaitAsync(TestTimeouts.Default);

        var listed = Assert.Single(keys!);
        Assert.Equal(key.Prefix, listed.Prefix);
        Assert.StartsWith(listed.Prefix, key.Key);
        AssertNothingSensitive(body, key.Key, key.Key[listed.Prefix.Length..], RunwareCloud.Gateway.Identity.ApiKeyFormat.Hash(key.Key));
    }

    [Fact]
    public async Task Keys_of_other_users_cannot_be_revoked()
    {
        var (_, key) = await CreateUserWithKeyAsync(Roles.User);
        var otherName = GatewayFactory.NewUserName();
        await factory.CreateUserAsync(otherName, "password-123", Roles.User);
        using var other = factory.CreateClient(await factory.LoginAsync(otherName, "password-123"));

        var response = await other.DeleteAsync($"/api/auth/keys/{key.Id}").WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<(string UserName, CreatedApiKeyResponse Key)> CreateUserWithKeyAsync(string role)
    {
        var userName = GatewayFactory.NewUserName();
        await factory.CreateUserAsync(userName, "password-123", role);
        using var owner = factory.CreateClient(await factory.LoginAsync(userName, "password-123"));
        return (userName, await CreateKeyAsync(owner));
    }

    private static async Task<CreatedApiKeyResponse> CreateKeyAsync(HttpClient owner)
    {
        var response = await owner.PostAsJsonAsync("/api/auth/keys", new { name = "ci" }).WaitAsync(TestTimeouts.Default);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedApiKeyResponse>().WaitAsync(TestTimeouts.Default))!;
    }
}
