using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RunwareCloud.Runware.Emulator.Tests;

public sealed class RestAndMediaTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private RunningEmulator Emulator => fixture.Emulator;

    [Fact]
    public async Task Rest_runs_tasks_when_the_key_comes_as_a_bearer_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Emulator.RestUri) { Content = JsonContent.Create(new JsonArray(TestSocket.Image(numberResults: 2))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.ApiKey);

        using var response = await fixture.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body!["data"]!.AsArray().Count);
        Assert.Null(body["errors"]);
    }

    [Fact]
    public async Task Rest_accepts_a_leading_authentication_task_and_reports_mixed_results()
    {
        var tasks = new JsonArray(
            new JsonObject { ["taskType"] = "authentication", ["apiKey"] = Emulator.ApiKey },
            TestSocket.Image(),
            new JsonObject { ["taskType"] = "imageInference", ["taskUUID"] = Guid.NewGuid().ToString(), ["model"] = "runware:101@1", ["positivePrompt"] = "x y", ["width"] = 100 });

        using var response = await fixture.Http.PostAsJsonAsync(Emulator.RestUri, tasks);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(body!["data"]!.AsArray());
        Assert.Equal("invalidWidth", (string?)body["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Rest_answers_401_with_errors_when_the_key_is_invalid()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Emulator.RestUri) { Content = JsonContent.Create(new JsonArray(TestSocket.Image())) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "invalid-api-key");

        using var response = await fixture.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalidApiKey", (string?)body!["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Rest_answers_400_when_every_task_is_invalid()
    {
        var task = TestSocket.Image();
        task["steps"] = 0;
        using var request = new HttpRequestMessage(HttpMethod.Post, Emulator.RestUri) { Content = JsonContent.Create(new JsonArray(task)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.ApiKey);

        using var response = await fixture.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalidSteps", (string?)body!["errors"]![0]!["code"]);
        Assert.Equal("steps", (string?)body["errors"]![0]!["parameter"]);
    }

    [Fact]
    public async Task Media_is_served_with_its_content_type_and_an_etag_that_revalidates()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Emulator.RestUri) { Content = JsonContent.Create(new JsonArray(TestSocket.Image())) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.ApiKey);
        using var created = await fixture.Http.SendAsync(request);
        var url = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["data"]![0]!["imageURL"]!;

        using var first = await fixture.Http.GetAsync(url);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await fixture.Http.SendAsync(revalidate);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/png", first.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Media_is_gone_after_its_ttl_and_unknown_media_is_not_found()
    {
        await using var emulator = await EmulatorServer.StartAsync(o => o.MediaTtl = TimeSpan.FromMilliseconds(700)).WaitAsync(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.RestUri) { Content = JsonContent.Create(new JsonArray(TestSocket.Image())) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
        using var created = await fixture.Http.SendAsync(request);
        var url = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["data"]![0]!["imageURL"]!;

        using var fresh = await fixture.Http.GetAsync(url);
        await Eventually.WaitUntilAsync(async () =>
        {
            using var later = await fixture.Http.GetAsync(url);
            return later.StatusCode == HttpStatusCode.Gone;
        }, TimeSpan.FromSeconds(20), "media to expire");
        using var unknown = await fixture.Http.GetAsync(new Uri(emulator.BaseUri, $"/media/{Guid.NewGuid()}.png"));

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
