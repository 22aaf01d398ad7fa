using Microsoft.Extensions.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RunwareCloud.Notifications.Api.Tests.Support;
using RunwareCloud.Notifications.Api.Webhooks;

namespace RunwareCloud.Notifications.Api.Tests;

public sealed class WebhooksApiTests(NotificationsCluster cluster) : IClassFixture<NotificationsCluster>
{
    [Fact]
    public async Task Create_answers_400_naming_url_when_the_target_is_on_a_private_network()
    {
        string[] urls = ["http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "http://localhost/hook"];
        await using var guarded = await cluster.CreateHostAsync(new Dictionary<string, string> { ["Notifications:Webhooks:AllowPrivateTargets"] = "false" });
        using var http = guarded.CreateClient(Guid.NewGuid());

        foreach (var url in urls)
        {
            using var response = await http.PostAsJsonAsync("/api/webhooks", new { url }).WaitAsync(NotificationsCluster.Timeout);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(NotificationsCluster.Timeout);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _), $"{url} refused naming url");
        }

        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/webhooks").WaitAsync(NotificationsCluster.Timeout)).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com/x"}""", "url")]
    [InlineData("""{"url":"https://hooks.example.test/x","eventTypes":["job.exploded"]}""", "eventTypes")]
    [InlineData("""{"url":"https://hooks.example.test/x","secret":"plain"}""", "secret")]
    [InlineData("""{}""", "url")]
    public async Task Create_answers_400_naming_the_field_when_input_is_invalid(string body, string field)
    {
        using var http = cluster.A.CreateClient(Guid.NewGuid());

        using var response = await http.PostAsync("/api/webhooks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))
            .WaitAsync(NotificationsCluster.Timeout);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(NotificationsCluster.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
    }

    [Fact]
    public async Task Subscriptions_are_listed_without_secret_only_to_their_owner_and_deleted()
    {
        var (owner, stranger) = (Guid.NewGuid(), Guid.NewGuid());
        using var ownerHttp = cluster.A.CreateClient(owner);
        using var strangerHttp = cluster.B.CreateClient(stranger);
        var secret = WebhookSigner.GenerateSecret();
        using var created = await ownerHttp.PostAsJsonAsync("/api/webhooks",
            new { url = cluster.Receiver.UrlFor("listing").ToString(), secret, eventTypes = new[] { "job.*" }, description = "ci" })
            .WaitAsync(NotificationsCluster.Timeout);
        var subscription = await created.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(NotificationsCluster.Timeout);
        var id = subscription.GetProperty("id").GetGuid();

        var ownList = await ownerHttp.GetFromJsonAsync<JsonElement>("/api/webhooks").WaitAsync(NotificationsCluster.Timeout);
        var strangerList = await strangerHttp.GetFromJsonAsync<JsonElement>("/api/webhooks").WaitAsync(NotificationsCluster.Timeout);
        using var strangerDelete = await strangerHttp.DeleteAsync($"/api/webhooks/{id}").WaitAsync(NotificationsCluster.Timeout);
        using var ownerDelete = await ownerHttp.DeleteAsync($"/api/webhooks/{id}").WaitAsync(NotificationsCluster.Timeout);
        using var afterDelete = await ownerHttp.GetAsync($"/api/webhooks/{id}").WaitAsync(NotificationsCluster.Timeout);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(secret, subscription.GetProperty("secret").GetString());
        Assert.Equal(id, ownList.EnumerateArray().Single().GetProperty("id").GetGuid());
        Assert.False(ownList[0].TryGetProperty("secret", out _));
        Assert.Equal(0, strangerList.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, strangerDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ownerDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
    }

    [Fact]
    public async Task Viewers_cannot_create_subscriptions()
    {
        using var http = cluster.A.CreateClient(Guid.NewGuid(), Roles.Viewer);

        using var response = await http.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example.test/x" }).WaitAsync(NotificationsCluster.Timeout);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
