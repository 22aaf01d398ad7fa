using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Gateway.Apis;
using static RunwareCloud.Gateway.Tests.ResponseAssertions;

namespace RunwareCloud.Gateway.Tests;

public sealed class UsersApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.User)]
    [InlineData(Roles.Manager)]
    public async Task Users_api_returns_403_problem_when_caller_is_not_admin(string role)
    {
        var userName = GatewayFactory.NewUserName(role);
        await factory.CreateUserAsync(userName, "password-123", role);
        using var client = factory.CreateClient(await factory.LoginAsync(userName, "password-123"));

        var list = await client.GetAsync("/api/users").WaitAsync(TestTimeouts.Default);
        var create = await client.PostAsJsonAsync("/api/users",
            new { userName = GatewayFactory.NewUserName(), password = "password-123", role = Roles.Admin }).WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(list, HttpStatusCode.Forbidden);
        await AssertProblemAsync(create, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Admin_creates_a_user_who_can_then_log_in_with_that_role()
    {
        using var admin = factory.CreateClient(await factory.LoginAsAdminAsync());
        var userName = GatewayFactory.NewUserName();

        var response = await admin.PostAsJsonAsync("/api/users",
            new { userName, password = "password-123", role = Roles.Manager }).WaitAsync(TestTimeouts.Default);
        var body = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);
        using var user = factory.CreateClient(await factory.LoginAsync(userName, "password-123"));
        var me = await user.GetFromJsonAsync<MeResponse>("/api/me").WaitAsync(TestTimeouts.Default);
        var list = await admin.GetStringAsync("/api/users").WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Roles.Manager, me!.Role);
        Assert.Contains(userName, list);
        AssertNothingSensitive(body, "password-123");
        AssertNothingSensitive(list, "password-123");
    }

    [Fact]
    public async Task Create_user_names_each_invalid_field()
    {
        using var admin = factory.CreateClient(await factory.LoginAsAdminAsync());

        var response = await admin.PostAsJsonAsync("/api/users",
            new { userName = "x", password = "short", role = "superuser" }).WaitAsync(TestTimeouts.Default);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.True(errors.TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Create_user_returns_409_when_user_name_is_taken()
    {
        using var admin = factory.CreateClient(await factory.LoginAsAdminAsync());
        var userName = GatewayFactory.NewUserName();
        await factory.CreateUserAsync(userName, "password-123", Roles.User);

        var response = await admin.PostAsJsonAsync("/api/users",
            new { userName = userName.ToUpperInvariant(), password = "password-123", role = Roles.User }).WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Disabled_user_cannot_log_in_and_their_tokens_and_keys_stop_working()
    {
        var userName = GatewayFactory.NewUserName();
        var userId = await factory.CreateUserAsync(userName, "password-123", Roles.User);
        var token = await factory.LoginAsync(userName, "password-123");
        using var user = factory.CreateClient(token);
        var keyResponse = await user.PostAsJsonAsync("/api/auth/keys", new { name = "script" }).WaitAsync(TestTimeouts.Default);
        var key = await keyResponse.Content.ReadFromJsonAsync<CreatedApiKeyResponse>().WaitAsync(TestTimeouts.Default);
        using var keyClient = factory.CreateClient();
        keyClient.DefaultRequestHeaders.Add("X-Api-Key", key!.Key);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/generations").WaitAsync(TestTimeouts.Default)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync("/api/me").WaitAsync(TestTimeouts.Default)).StatusCode);
        using var admin = factory.CreateClient(await factory.LoginAsAdminAsync());

        var disable = await admin.DeleteAsync($"/api/users/{userId}").WaitAsync(TestTimeouts.Default);
        using var anonymous = factory.CreateClient();
        var login = await anonymous.PostAsJsonAsync("/api/auth/token",
            new { username = userName, password = "password-123" }).WaitAsync(TestTimeouts.Default);
        var withToken = await user.GetAsync("/api/generations").WaitAsync(TestTimeouts.Default);
        var withKey = await keyClient.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        await AssertProblemAsync(login, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(withToken, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(withKey, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Role_change_applies_and_invalidates_tokens_issued_with_the_old_role()
    {
        var userName = GatewayFactory.NewUserName();
        var userId = await factory.CreateUserAsync(userName, "password-123", Roles.User);
        using var oldToken = factory.CreateClient(await factory.LoginAsync(userName, "password-123"));
        using var admin = factory.CreateClient(await factory.LoginAsAdminAsync());

        var patch = await admin.PatchAsJsonAsync($"/api/users/{userId}", new { role = Roles.Viewer }).WaitAsync(TestTimeouts.Default);
        var updated = await patch.Content.ReadFromJsonAsync<UserResponse>().WaitAsync(TestTimeouts.Default);
        var withOldToken = await oldToken.GetAsync("/api/me").WaitAsync(TestTimeouts.Default);
        using var newToken = factory.CreateClient(await factory.LoginAsync(userName, "password-123"));
        var me = await newToken.GetFromJsonAsync<MeResponse>("/api/me").WaitAsync(TestTimeouts.Default);

        Assert.Equal(Roles.Viewer, updated!.Role);
        await AssertProblemAsync(withOldToken, HttpStatusCode.Unauthorized);
        Assert.Equal(Roles.Viewer, me!.Role);
    }

    [Fact]
    public async Task Admin_cannot_disable_themselves()
    {
        var token = await factory.LoginAsAdminAsync();
        using var admin = factory.CreateClient(token);
        var me = await admin.GetFromJsonAsync<MeResponse>("/api/me").WaitAsync(TestTimeouts.Default);

        var response = await admin.DeleteAsync($"/api/users/{me!.Id}").WaitAsync(TestTimeouts.Default);

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }
}
