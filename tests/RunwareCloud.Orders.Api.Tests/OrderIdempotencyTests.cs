using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RunwareCloud.Orders.Api.Tests;

[Collection(OrdersCollection.Name)]
public sealed class OrderIdempotencyTests(OrdersApiFixture fixture)
{
    [Fact]
    public async Task Create_and_submit_repeated_with_an_Idempotency_Key_answer_as_the_first_time_and_act_once()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var request = new { eventId = "EVT-5005", customerName = "Grace Hopper", options = new { caption = true } };

        var created = await PostAsync(client, "/api/orders", "create-5005", request);
        var createdAgain = await PostAsync(client, "/api/orders", "create-5005", request);
        var reusedKey = await PostAsync(client, "/api/orders", "create-5005", request with { customerName = "Someone Else" });
        var orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.AddImagesAsync(orderId, 1)).StatusCode);
        var submitted = await PostAsync(client, $"/api/orders/{orderId}/submit", "submit-5005", null);
        var submittedAgain = await PostAsync(client, $"/api/orders/{orderId}/submit", "submit-5005", null);
        var submittedWithoutKey = await client.SubmitAsync(orderId);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, createdAgain.StatusCode);
        Assert.Equal(orderId, (await createdAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal($"/api/orders/{orderId}", createdAgain.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Conflict, reusedKey.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, submittedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, submittedWithoutKey.StatusCode);
        Assert.Single((await client.GetJsonAsync("/api/orders?eventId=EVT-5005")).EnumerateArray());
        await client.WaitForStatusAsync(orderId, "completed", TimeSpan.FromSeconds(60));
        var actions = (await client.GetJsonAsync($"/api/orders/{orderId}/audit")).EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(1, actions.Count(a => a == "order.created"));
        Assert.Equal(1, actions.Count(a => a == "order.submitted"));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string key, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
