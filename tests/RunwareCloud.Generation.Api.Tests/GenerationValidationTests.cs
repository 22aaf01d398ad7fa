using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RunwareCloud.Generation.Api.Tests;

[Collection(GenerationCollection.Name)]
public sealed class GenerationValidationTests(GenerationApiFixture fixture)
{
    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"width":512}""", "prompt" },
        { """{"prompt":"a cat","width":100}""", "width" },
        { """{"prompt":"a cat","height":4096}""", "height" },
        { """{"prompt":"a cat","numberResults":50}""", "numberResults" },
        { """{"prompt":"a cat","steps":0}""", "steps" },
        { """{"prompt":"a cat","cfgScale":31}""", "cfgScale" },
        { """{"prompt":"a cat","model":"not a model"}""", "model" },
        { """{"prompt":"a cat","model":"civitai:999999@1"}""", "model" },
        { """{"prompt":"a cat","outputFormat":"BMP"}""", "outputFormat" },
        { """{"prompt":"a cat","seedImage":"data:image/png;base64,@@@"}""", "seedImage" },
        { """{"prompt":"a cat","seedImage":"data:text/plain;base64,aGVsbG8="}""", "seedImage" },
        { """{"prompt":"a cat","seedImage":"http://127.0.0.1:5432/private.png"}""", "seedImage" },
        { """{"prompt":"a cat","seedImage":"http://169.254.169.254/latest/meta-data"}""", "seedImage" },
        { """{"prompt":"a cat","kind":"inpaint","seedImage":"http://example.com/a.png"}""", "maskImage" },
        { """{"prompt":"a cat","lora":[{"model":"x","weight":1}]}""", "lora[0].model" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var before = await JobPolling.CountJobsAsync(fixture.DatabaseConnectionString);

        var response = await client.PostAsync("/api/generations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for '{field}' in {problem}");
        Assert.Equal(before, await JobPolling.CountJobsAsync(fixture.DatabaseConnectionString));
    }

    [Fact]
    public async Task An_oversized_data_uri_is_refused()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var huge = "data:image/png;base64," + new string('A', 2 * 1024 * 1024);

        var response = await client.PostAsJsonAsync("/api/generations", new { prompt = "a cat", seedImage = huge }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("seedImage", out _));
    }

    [Fact]
    public async Task A_request_without_a_token_is_401()
    {
        using var client = fixture.Factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/generations", new { prompt = "a cat" }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
