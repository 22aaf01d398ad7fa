using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RunwareCloud.Imaging;

namespace RunwareCloud.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class UserJourneyTests(SystemFixture system)
{
    private static readonly TimeSpan s_jobTimeout = TimeSpan.FromSeconds(60);

    // Polls like a polite client, well inside the gateway's per-user rate limit.
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_user_generates_watches_it_live_finds_it_in_history_and_processes_the_results()
    {
        using var client = system.CreateClient(await system.CreateUserAsync("user"));
        await using var events = await ServerSentEvents.OpenAsync(system.CreateClient(client.DefaultRequestHeaders.Authorization!.Parameter));

        var submitted = await client.PostAsJsonAsync("/api/generations",
            new { prompt = "a lighthouse on a stormy cliff", numberResults = 2, width = 256, height = 256 });

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = await WaitForJobAsync(client, submitted.Headers.Location!.ToString(), "succeeded");
        var jobId = job.GetProperty("id").GetGuid();
        await Eventually.WaitUntilAsync(() => events.TypesFor(jobId).Contains("job.succeeded"), s_jobTimeout, "job.succeeded on the stream");
        var types = events.TypesFor(jobId);
        Assert.True(types.IndexOf("job.queued") < types.IndexOf("job.running"), string.Join(",", types));
        Assert.True(types.IndexOf("job.running") < types.IndexOf("job.succeeded"), string.Join(",", types));

        var assetIds = job.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("assetId").GetGuid()).ToList();
        Assert.Equal(2, assetIds.Count);
        foreach (var assetId in assetIds)
        {
            var bytes = await client.GetByteArrayAsync($"/api/assets/{assetId}");
            var image = ImageCodec.Decode(bytes);
            Assert.Equal((256, 256), (image.Width, image.Height));
        }

        var history = await client.GetFromJsonAsync<JsonElement>("/api/history?q=lighthouse");
        var found = history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Subset(found.ToHashSet(), assetIds.ToHashSet());

        var cutout = await SubmitAndWaitAsync(client, "/api/processing/remove-background", new { image = assetIds[0].ToString() });
        var cutoutImage = ImageCodec.Decode(await client.GetByteArrayAsync(cutout.GetProperty("outputs")[0].GetProperty("url").GetString()));
        Assert.False(cutoutImage.IsOpaque());

        var caption = await SubmitAndWaitAsync(client, "/api/processing/caption", new { image = assetIds[1].ToString() });
        Assert.False(string.IsNullOrWhiteSpace(caption.GetProperty("outputs")[0].GetProperty("text").GetString()));

        var upscaled = await SubmitAndWaitAsync(client, "/api/processing/upscale", new { image = assetIds[0].ToString(), upscaleFactor = 2 });
        var bigger = ImageCodec.Decode(await client.GetByteArrayAsync(upscaled.GetProperty("outputs")[0].GetProperty("url").GetString()));
        Assert.Equal((512, 512), (bigger.Width, bigger.Height));
    }

    [Fact]
    public async Task Another_user_sees_neither_the_job_nor_its_assets()
    {
        using var owner = system.CreateClient(await system.CreateUserAsync("user"));
        using var stranger = system.CreateClient(await system.CreateUserAsync("user"));
        var submitted = await owner.PostAsJsonAsync("/api/generations", new { prompt = "a private sketch", width = 128, height = 128 });
        var job = await WaitForJobAsync(owner, submitted.Headers.Location!.ToString(), "succeeded");
        var assetId = job.GetProperty("outputs")[0].GetProperty("assetId").GetGuid();

        var jobResponse = await stranger.GetAsync(submitted.Headers.Location);
        var assetResponse = await stranger.GetAsync($"/api/assets/{assetId}");

        Assert.Equal(HttpStatusCode.NotFound, jobResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, assetResponse.StatusCode);
    }

    [Fact]
    public async Task A_viewer_cannot_create_and_an_anonymous_caller_is_401()
    {
        using var viewer = system.CreateClient(await system.CreateUserAsync("viewer"));
        using var anonymous = system.CreateClient();

        var created = await viewer.PostAsJsonAsync("/api/generations", new { prompt = "not allowed", width = 128, height = 128 });
        var listed = await viewer.GetAsync("/api/generations");
        var noToken = await anonymous.GetAsync("/api/generations");

        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("application/problem+json", noToken.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_idempotent_repeat_returns_the_same_job()
    {
        using var client = system.CreateClient(await system.CreateUserAsync("user"));
        var key = Guid.NewGuid().ToString();

        var first = await SendWithKeyAsync(client, key);
        var repeat = await SendWithKeyAsync(client, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_burst_over_the_rate_limit_gets_429_with_retry_after()
    {
        using var client = system.CreateClient(await system.CreateUserAsync("user"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 700).Select(_ => client.GetAsync("/api/generations?limit=1")));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, response => Assert.True(response.Headers.RetryAfter is not null));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> SendWithKeyAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/generations")
        {
            Content = JsonContent.Create(new { prompt = "the same request twice", width = 128, height = 128 }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> SubmitAndWaitAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await WaitForJobAsync(client, response.Headers.Location!.ToString(), "succeeded");
    }

    private static async Task<JsonElement> WaitForJobAsync(HttpClient client, string location, string status)
    {
        JsonElement job = default;
        var waiting = Eventually.WaitUntilAsync(async () =>
        {
            job = await client.GetFromJsonAsync<JsonElement>(location);
            var current = job.GetProperty("status").GetString();
            if (current is "failed" or "canceled" && current != status)
            {
                throw new Xunit.Sdk.XunitException($"job ended {current}: {job}");
            }

            return current == status;
        }, s_jobTimeout, $"{location} to be {status}", s_pollInterval);
        try
        {
            await waiting;
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Last seen: {job}", timeout.InnerException);
        }

        return job;
    }
}
