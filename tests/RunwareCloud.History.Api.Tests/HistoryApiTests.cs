using System.Net;
using System.Net.Http.Json;
using RunwareCloud.History.Api.Apis;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Tests;

[Collection(HistoryApiCollection.Name)]
public sealed class HistoryApiTests(HistoryApiFixture fixture)
{
    private static readonly TimeSpan s_timeout = HistoryApiFixture.Timeout;

    [Fact]
    public async Task Search_finds_entries_by_prompt_words_and_ranks_prompt_matches_above_negative_prompt_matches()
    {
        var userId = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var dog = await SeedAsync(userId, start, "a photo of a dog", negative: "cartoon zeppelin");
        var zeppelin = await SeedAsync(userId, start.AddMinutes(1), "a red zeppelin over the sea");
        var twoZeppelins = await SeedAsync(userId, start.AddMinutes(2), "zeppelin racing another zeppelin over mountains");
        await SeedAsync(userId, start.AddMinutes(3), "a quiet harbour at night");
        await SeedAsync(Guid.NewGuid(), start, "someone else's zeppelin");
        using var client = fixture.ClientFor(userId);

        var page = await GetPageAsync(client, "/api/history?q=zeppelins");
        var phrase = await GetPageAsync(client, "/api/history?q=%22red%20zeppelin%22");
        var excluded = await GetPageAsync(client, "/api/history?q=zeppelin%20-mountains");

        Assert.Equal([twoZeppelins, zeppelin, dog], page.Items.Select(i => i.Id));
        Assert.Equal([zeppelin], phrase.Items.Select(i => i.Id));
        Assert.Equal([zeppelin, dog], excluded.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Filters_by_kind_model_favorite_tag_and_time_window()
    {
        var userId = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow.AddDays(-3);
        var old = await SeedAsync(userId, start, "an old castle", model: "runware:101@1");
        var upscaled = await SeedAsync(userId, start.AddDays(1), "castle upscaled", kind: "upscale");
        var favorite = await SeedAsync(userId, start.AddDays(2), "a favourite castle", favorite: true, tags: ["keep", "castles"]);
        using var client = fixture.ClientFor(userId);

        Assert.Equal([upscaled], (await GetPageAsync(client, "/api/history?kind=upscale")).Items.Select(i => i.Id));
        Assert.Equal([old], (await GetPageAsync(client, "/api/history?model=runware:101@1")).Items.Select(i => i.Id));
        Assert.Equal([favorite], (await GetPageAsync(client, "/api/history?favorite=true")).Items.Select(i => i.Id));
        Assert.Equal([favorite], (await GetPageAsync(client, "/api/history?tag=KEEP")).Items.Select(i => i.Id));
        var window = $"from={Uri.EscapeDataString(start.AddHours(12).ToString("O"))}&to={Uri.EscapeDataString(start.AddDays(2).ToString("O"))}";
        Assert.Equal([upscaled], (await GetPageAsync(client, $"/api/history?{window}")).Items.Select(i => i.Id));
        Assert.Equal(new[] { favorite, upscaled, old }.ToHashSet(), (await GetPageAsync(client, "/api/history?q=castle")).Items.Select(i => i.Id).ToHashSet());
        Assert.Equal([favorite], (await GetPageAsync(client, "/api/history?q=castle&kind=textToImage&favorite=true")).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Paging_returns_every_entry_once_in_order_while_new_entries_arrive()
    {
        var userId = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var seeded = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            // Pairs share a timestamp, so the id breaks ties in the keyset.
            seeded.Add(await SeedAsync(userId, start.AddSeconds(i / 2), $"harbour painting {i}"));
        }

        using var client = fixture.ClientFor(userId);
        var expected = (await fixture.WithDbAsync(db => Task.FromResult(db.Assets.Where(a => a.OwnerId == userId)
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Select(a => a.Id).ToList())));
        var seen = await ReadAllPagesAsync(client, "/api/history?limit=4", userId);
        var searched = await ReadAllPagesAsync(client, "/api/history?q=harbour&limit=4", userId);

        Assert.Equal(expected, seen);
        Assert.Equal(searched.Count, searched.Distinct().Count());
        Assert.Superset(seeded.ToHashSet(), searched.ToHashSet());
    }

    [Fact]
    public async Task Patch_sets_favorite_and_normalized_tags_and_rejects_invalid_tags()
    {
        var userId = Guid.NewGuid();
        var id = await SeedAsync(userId, DateTimeOffset.UtcNow, "a windmill");
        using var client = fixture.ClientFor(userId);
        using var viewer = fixture.ClientFor(userId, Roles.Viewer);

        var updated = await client.PatchAsJsonAsync($"/api/history/{id}", new { favorite = true, tags = new[] { " Dutch ", "dutch", "mills" } }).WaitAsync(s_timeout);
        var tooMany = await client.PatchAsJsonAsync($"/api/history/{id}", new { tags = Enumerable.Range(0, 21).Select(i => $"t{i}") }).WaitAsync(s_timeout);
        var tooLong = await client.PatchAsJsonAsync($"/api/history/{id}", new { tags = new[] { new string('x', 33) } }).WaitAsync(s_timeout);
        var readOnly = await viewer.PatchAsJsonAsync($"/api/history/{id}", new { favorite = false }).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var entry = await client.GetFromJsonAsync<HistoryEntry>($"/api/history/{id}").WaitAsync(s_timeout);
        Assert.True(entry!.Favorite);
        Assert.Equal(["dutch", "mills"], entry.Tags);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("\"tags\"", await tooMany.Content.ReadAsStringAsync().WaitAsync(s_timeout));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
    }

    [Theory]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("from=yesterday", "from")]
    [InlineData("favorite=maybe", "favorite")]
    public async Task List_rejects_bad_parameters_naming_the_field(string query, string field)
    {
        using var client = fixture.ClientFor(Guid.NewGuid());

        var response = await client.GetAsync($"/api/history?{query}").WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync().WaitAsync(s_timeout));
    }

    [Fact]
    public async Task A_time_ordered_cursor_is_rejected_for_a_search_query()
    {
        var userId = Guid.NewGuid();
        await SeedAsync(userId, DateTimeOffset.UtcNow, "a lantern");
        await SeedAsync(userId, DateTimeOffset.UtcNow, "a lantern again");
        using var client = fixture.ClientFor(userId);
        var page = await GetPageAsync(client, "/api/history?limit=1");

        var response = await client.GetAsync($"/api/history?q=lantern&cursor={page.NextCursor}").WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<List<Guid>> ReadAllPagesAsync(HttpClient client, string url, Guid userId)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetPageAsync(client, cursor is null ? url : $"{url}&cursor={cursor}");
            ids.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
            await SeedAsync(userId, DateTimeOffset.UtcNow, $"harbour painting arriving during page {pages}");
            Assert.True(++pages <= 20, "paging did not end");
        }
        while (cursor is not null);

        return ids;
    }

    private static async Task<HistoryPage> GetPageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url).WaitAsync(s_timeout);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<HistoryPage>().WaitAsync(s_timeout))!;
    }

    private Task<Guid> SeedAsync(
        Guid userId, DateTimeOffset createdAt, string prompt, string? negative = null, string kind = "textToImage",
        string model = "runware:100@1", bool favorite = false, List<string>? tags = null) =>
        fixture.WithDbAsync(async db =>
        {
            var asset = new Asset
            {
                Id = Guid.CreateVersion7(),
                OwnerId = userId,
                JobId = Guid.NewGuid(),
                Kind = kind,
                Prompt = prompt,
                NegativePrompt = negative,
                Model = model,
                Format = "png",
                ContentType = "image/png",
                Size = 1,
                Checksum = new string('0', 64),
                Favorite = favorite,
                Tags = tags ?? [],
                CreatedAt = createdAt,
            };
            db.Assets.Add(asset);
            await db.SaveChangesAsync();
            return asset.Id;
        });
}
