using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RunwareCloud.Generation.Api.Tests;

[Collection(GenerationCollection.Name)]
public sealed class SubmitGenerationTests(GenerationApiFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Text_to_image_runs_to_succeeded_with_one_output_per_requested_result()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var response = await client.PostAsJsonAsync("/api/generations",
            new { prompt = "a lighthouse on a cliff at sunset", numberResults = 2, width = 256, height = 256, seed = 42 }).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var queued = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        var job = await JobPolling.WaitForStatusAsync(client, location, "succeeded");
        var outputs = job.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(2, outputs.Count);
        Assert.All(outputs, output => Assert.StartsWith("/api/assets/", output.GetProperty("url").GetString()));
        Assert.Equal([42L, 43L], outputs.Select(o => o.GetProperty("seed").GetInt64()).Order());
        var id = job.GetProperty("id").GetGuid();
        Assert.Single(fixture.Succeeded, message => message.JobId == id);
        Assert.Single(fixture.Started, message => message.JobId == id);
    }

    [Fact]
    public async Task Image_to_image_uses_an_uploaded_data_uri_and_succeeds()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var seed = await client.PostAsJsonAsync("/api/generations", new { prompt = "a red fox", width = 128, height = 128 });
        var first = await JobPolling.WaitForStatusAsync(client, seed.Headers.Location!.ToString(), "succeeded");
        var runwareUrl = first.GetProperty("outputs")[0].GetProperty("runwareUrl").GetString()!;
        var bytes = await new HttpClient().GetByteArrayAsync(runwareUrl).WaitAsync(s_timeout);

        var response = await client.PostAsJsonAsync("/api/generations", new
        {
            prompt = "the same fox in winter", seedImage = $"data:image/png;base64,{Convert.ToBase64String(bytes)}", strength = 0.6,
            width = 128, height = 128,
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await JobPolling.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "succeeded");
        Assert.Equal("imageToImage", job.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Preview_reports_a_draft_before_the_full_image()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var response = await client.PostAsJsonAsync("/api/generations", new { prompt = "a quiet harbour", preview = true, width = 128, height = 128 });

        var job = await JobPolling.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "succeeded");
        Assert.Single(job.GetProperty("previews").EnumerateArray());
        var id = job.GetProperty("id").GetGuid();
        Assert.Contains(fixture.Progressed, message => message.JobId == id && message.Stage == "preview" && message.PreviewUrl is not null);
    }

    [Fact]
    public async Task Video_is_polled_at_runware_and_succeeds_with_a_video_output()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var response = await client.PostAsJsonAsync("/api/generations/videos", new { prompt = "slow pan over a lake", duration = 1, width = 256, height = 256 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await JobPolling.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "succeeded", TimeSpan.FromSeconds(60));
        Assert.Equal("video", job.GetProperty("kind").GetString());
        Assert.Equal("video/mp4", job.GetProperty("outputs")[0].GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task Prefer_wait_holds_the_response_until_the_job_ends()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/generations")
        {
            Content = JsonContent.Create(new { prompt = "a paper boat", width = 128, height = 128 }),
        };
        request.Headers.Add("Prefer", "wait=30");

        var response = await client.SendAsync(request).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Idempotent_repeat_returns_the_same_job_and_a_different_body_is_409()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var key = Guid.NewGuid().ToString();

        var first = await SendWithKeyAsync(client, key, new { prompt = "a teapot", width = 128, height = 128 });
        var repeat = await SendWithKeyAsync(client, key, new { prompt = "a teapot", width = 128, height = 128 });
        var conflict = await SendWithKeyAsync(client, key, new { prompt = "a kettle", width = 128, height = 128 });

        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var repeatId = (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(firstId, repeatId);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }

    [Fact]
    public async Task Another_user_cannot_see_the_job_and_a_viewer_cannot_create()
    {
        using var owner = fixture.CreateClient(Guid.NewGuid());
        using var stranger = fixture.CreateClient(Guid.NewGuid());
        using var viewer = fixture.CreateClient(Guid.NewGuid(), "viewer");
        var response = await owner.PostAsJsonAsync("/api/generations", new { prompt = "a secret garden", width = 128, height = 128 });

        var seen = await stranger.GetAsync(response.Headers.Location);
        var viewerCreate = await viewer.PostAsJsonAsync("/api/generations", new { prompt = "not allowed", width = 128, height = 128 });
        var listed = await stranger.GetFromJsonAsync<JsonElement>("/api/generations");

        Assert.Equal(HttpStatusCode.NotFound, seen.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerCreate.StatusCode);
        Assert.Empty(listed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Listing_pages_through_the_callers_jobs_newest_first()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsJsonAsync("/api/generations", new { prompt = $"tile number {i}", width = 128, height = 128 });
            created.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/generations?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    private static Task<HttpResponseMessage> SendWithKeyAsync(HttpClient client, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/generations") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request).WaitAsync(s_timeout);
    }
}
