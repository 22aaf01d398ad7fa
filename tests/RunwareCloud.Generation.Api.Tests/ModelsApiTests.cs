using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RunwareCloud.Generation.Api.Tests;

[Collection(GenerationCollection.Name)]
public sealed class ModelsApiTests(GenerationApiFixture fixture)
{
    [Fact]
    public async Task Model_search_finds_checkpoints_by_name()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var result = await client.GetFromJsonAsync<JsonElement>("/api/models?search=flux&category=checkpoint").WaitAsync(TimeSpan.FromSeconds(30));

        var models = result.GetProperty("models").EnumerateArray().ToList();
        Assert.NotEmpty(models);
        Assert.All(models, model => Assert.Equal("checkpoint", model.GetProperty("category").GetString()));
        Assert.Contains(models, model => model.GetProperty("air").GetString() == "runware:100@1");
    }

    [Fact]
    public async Task Prompt_enhance_returns_the_requested_number_of_versions()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var response = await client.PostAsJsonAsync("/api/prompts/enhance", new { prompt = "a dog", versions = 3 }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var prompts = result.GetProperty("prompts").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(3, prompts.Count);
        Assert.All(prompts, prompt => Assert.Contains("dog", prompt, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Prompt_enhance_without_a_prompt_is_a_400_naming_it()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var response = await client.PostAsJsonAsync("/api/prompts/enhance", new { versions = 2 }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("prompt", out _));
    }
}
