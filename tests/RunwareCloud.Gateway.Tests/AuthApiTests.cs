using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Gateway.Apis;
using static RunwareCloud.Gateway.Tests.ResponseAssertions;

namespace RunwareCloud.Gateway.Tests;

public sealed class AuthApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Token_is_issued_when_credentials_are_valid()
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/token",
            new { username = GatewayFactory.AdminUserName, password = GatewayFactory.AdminPassword }).WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>().WaitAsync(TestTimeouts.Default);
        Assert.Equal("Bearer", token!.TokenType);
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow && token.ExpiresAt <= DateTimeOffset.UtcNow.AddHours(1).AddMinutes(1));
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token.AccessToken);
        Assert.Equal(GatewayFactory.AdminUserName, jwt.Claims.Single(c => c.Type == JwtTokens.NameClaim).Value);
        Assert.Equal(Roles.Admin, jwt.Claims.Single(c => c.Type == JwtTokens.RoleClaim).Value);
    }

    [Fact]
    public async Task Token_request_gets_the_same_401_problem_when_user_is_unknown_or_password_is_wrong()
    {
        using var client = factory.CreateClient();

        var wrongPassword = await client.PostAsJsonAsync("/api/auth/token",
            new { username = GatewayFactory.AdminUserName, password = "not-the-password" }).WaitAsync(TestTimeouts.Default);
        var unknownUser = await client.PostAsJsonAsync("/api/auth/token",
            new { username = "nobody-here", password = "not-the-password" }).WaitAsync(TestTimeouts.Default);

        var first = await AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized);
        var second = await AssertProblemAsync(unknownUser, HttpStatusCode.Unauthorized);
        Assert.Equal(first.GetProperty("title").GetString(), second.GetProperty("title").GetString());
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Token_request_names_the_missing_fields_when_body_is_incomplete()
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "" }).WaitAsync(TestTimeouts.Default);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Me_returns_the_caller_when_token_is_valid()
    {
        using var client = factory.CreateClient(await factory.LoginAsAdminAsync());

        var me = await client.GetFromJsonAsync<MeResponse>("/api/me").WaitAsync(TestTimeouts.Default);

        Assert.Equal(GatewayFactory.AdminUserName, me!.UserName);
        Assert.Equal(Roles.Admin, me.Role);
        Assert.Equal("jwt", me.AuthenticationMethod);
    }

    [Fact]
    public async Task Me_returns_401_problem_when_no_credentials_are_sent()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_returns_401_when_token_is_expired()
    {
        var userId = await factory.CreateUserAsync(GatewayFactory.NewUserName(), "password-123", Roles.User);
        var expired = JwtTokens.Issue(factory.Identity, userId, "someone", Roles.User, DateTimeOffset.UtcNow.AddHours(-3));
        using var client = factory.CreateClient(expired);

        var response = await client.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_returns_401_when_token_is_tampered()
    {
        var userName = GatewayFactory.NewUserName();
        await factory.CreateUserAsync(userName, "password-123", Roles.Viewer);
        var token = await factory.LoginAsync(userName, "password-123");
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlDecode(parts[1]))!;
        payload[JwtTokens.RoleClaim] = JsonSerializer.SerializeToElement(Roles.Admin);
        var tampered = $"{parts[0]}.{Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";
        using var client = factory.CreateClient(tampered);

        var response = await client.GetAsync("/api/users").WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_returns_401_when_token_is_signed_with_another_key()
    {
        var userId = await factory.CreateUserAsync(GatewayFactory.NewUserName(), "password-123", Roles.User);
        var forged = JwtTokens.Issue(new IdentityOptions { SigningKey = "another-signing-key-0123456789abcdefghij" },
            userId, "someone", Roles.User, DateTimeOffset.UtcNow);
        using var client = factory.CreateClient(forged);

        var response = await client.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    private static byte[] Base64UrlDecode(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
