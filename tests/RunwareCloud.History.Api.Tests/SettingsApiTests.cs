using System.Net;
using System.Net.Http.Json;
using RunwareCloud.History.Api.Apis;

namespace RunwareCloud.History.Api.Tests;

[Collection(HistoryApiCollection.Name)]
public sealed class SettingsApiTests(HistoryApiFixture fixture)
{
    private static readonly TimeSpan s_timeout = HistoryApiFixture.Timeout;

    [Fact]
    public async Task Settings_start_at_the_defaults_and_keep_what_each_user_saves()
    {
        using var alice = fixture.ClientFor(Guid.NewGuid());
        using var bob = fixture.ClientFor(Guid.NewGuid());

        var initial = await alice.GetFromJsonAsync<SettingsResponse>("/api/settings").WaitAsync(s_timeout);
        var saved = await alice.PutAsJsonAsync("/api/settings",
            new { defaultModel = "civitai:4384@128713", width = 768, height = 512, steps = 30, outputFormat = "webp" }).WaitAsync(s_timeout);
        var again = await alice.PutAsJsonAsync("/api/settings",
            new { defaultModel = "runware:101@1", width = 1024, height = 512, steps = 8, outputFormat = "JPG" }).WaitAsync(s_timeout);

        Assert.Equal(SettingsApi.Defaults, initial);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(new SettingsResponse("runware:101@1", 1024, 512, 8, "JPG"),
            await alice.GetFromJsonAsync<SettingsResponse>("/api/settings").WaitAsync(s_timeout));
        Assert.Equal(SettingsApi.Defaults, await bob.GetFromJsonAsync<SettingsResponse>("/api/settings").WaitAsync(s_timeout));
    }

    [Theory]
    [InlineData("{\"defaultModel\":\"runware:100@1\",\"width\":1000,\"height\":512,\"steps\":20,\"outputFormat\":\"PNG\"}", "width")]
    [InlineData("{\"defaultModel\":\"runware:100@1\",\"width\":512,\"height\":4096,\"steps\":20,\"outputFormat\":\"PNG\"}", "height")]
    [InlineData("{\"defaultModel\":\"runware:100@1\",\"width\":512,\"height\":512,\"steps\":0,\"outputFormat\":\"PNG\"}", "steps")]
    [InlineData("{\"defaultModel\":\"runware:100@1\",\"width\":512,\"height\":512,\"steps\":20,\"outputFormat\":\"BMP\"}", "outputFormat")]
    [InlineData("{\"defaultModel\":\"../../etc\",\"width\":512,\"height\":512,\"steps\":20,\"outputFormat\":\"PNG\"}", "defaultModel")]
    [InlineData("{\"width\":512,\"height\":512,\"steps\":20,\"outputFormat\":\"PNG\"}", "defaultModel")]
    public async Task Invalid_settings_are_rejected_naming_the_field(string body, string field)
    {
        using var client = fixture.ClientFor(Guid.NewGuid());

        var response = await client.PutAsync("/api/settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json")).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>().WaitAsync(s_timeout);
        Assert.Equal([field], problem!.Errors.Keys);
    }

    [Fact]
    public async Task Viewers_read_settings_but_cannot_change_them()
    {
        using var viewer = fixture.ClientFor(Guid.NewGuid(), Roles.Viewer);

        var read = await viewer.GetAsync("/api/settings").WaitAsync(s_timeout);
        var write = await viewer.PutAsJsonAsync("/api/settings",
            new { defaultModel = "runware:100@1", width = 512, height = 512, steps = 20, outputFormat = "PNG" }).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }
}
