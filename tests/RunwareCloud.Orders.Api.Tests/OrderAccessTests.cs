using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RunwareCloud.Orders.Api.Tests;

[Collection(OrdersCollection.Name)]
public sealed class OrderAccessTests(OrdersApiFixture fixture)
{
    [Fact]
    public async Task Roles_decide_who_creates_sees_and_changes_orders()
    {
        using var owner = fixture.CreateClient(Guid.NewGuid());
        using var stranger = fixture.CreateClient(Guid.NewGuid());
        using var manager = fixture.CreateClient(Guid.NewGuid(), "manager");
        using var viewer = fixture.CreateClient(Guid.NewGuid(), "viewer");
        using var admin = fixture.CreateClient(Guid.NewGuid(), "admin");
        var orderId = (await owner.CreateOrderAsync("EVT-4004")).GetProperty("id").GetGuid();

        var viewerCreates = await viewer.PostAsJsonAsync("/api/orders", new { eventId = "EVT-4004", customerName = "X" }).WaitAsync(TimeSpan.FromSeconds(30));
        var strangerReads = await stranger.GetAsync($"/api/orders/{orderId}").WaitAsync(TimeSpan.FromSeconds(30));
        var strangerCancels = await stranger.PostAsync($"/api/orders/{orderId}/cancel", null).WaitAsync(TimeSpan.FromSeconds(30));
        var viewerReads = await viewer.GetAsync($"/api/orders/{orderId}").WaitAsync(TimeSpan.FromSeconds(30));
        var viewerCancels = await viewer.PostAsync($"/api/orders/{orderId}/cancel", null).WaitAsync(TimeSpan.FromSeconds(30));
        var managerList = await manager.GetFromJsonAsync<JsonElement>("/api/orders?status=draft&eventId=EVT-4004").WaitAsync(TimeSpan.FromSeconds(30));
        var strangerList = await stranger.GetFromJsonAsync<JsonElement>("/api/orders").WaitAsync(TimeSpan.FromSeconds(30));
        var userAudit = await owner.GetAsync("/api/audit").WaitAsync(TimeSpan.FromSeconds(30));
        var managerCancels = await manager.PostAsync($"/api/orders/{orderId}/cancel", null).WaitAsync(TimeSpan.FromSeconds(30));
        var adminAudit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?orderId={orderId}").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Forbidden, viewerCreates.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangerReads.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangerCancels.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewerReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerCancels.StatusCode);
        Assert.Contains(managerList.EnumerateArray(), o => o.GetProperty("id").GetGuid() == orderId);
        Assert.DoesNotContain(strangerList.EnumerateArray(), o => o.GetProperty("id").GetGuid() == orderId);
        Assert.Equal(HttpStatusCode.Forbidden, userAudit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, managerCancels.StatusCode);
        var actions = adminAudit.EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Contains("order.created", actions);
        Assert.Contains("order.canceled", actions);
        Assert.Contains("order.status-changed", actions);
        var canceled = adminAudit.EnumerateArray().First(a => a.GetProperty("action").GetString() == "order.canceled");
        Assert.Equal("manager", canceled.GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(canceled.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Create_order_answers_400_naming_each_bad_field()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var response = await client.PostAsJsonAsync("/api/orders", new
        {
            eventId = "", customerName = "", customerEmail = "not-an-email", options = new { upscaleFactor = 3 },
        }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("eventId", out _));
        Assert.True(errors.TryGetProperty("customerName", out _));
        Assert.True(errors.TryGetProperty("customerEmail", out _));
        Assert.True(errors.TryGetProperty("options.upscaleFactor", out _));
    }

    [Fact]
    public async Task Create_event_answers_400_naming_eventId_when_the_pmr_does_not_know_it()
    {
        using var client = fixture.CreateClient(Guid.NewGuid(), "manager");

        var response = await client.PostAsJsonAsync("/api/events", new { eventId = "UNKNOWN-9", name = "Nope" }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("eventId", out _));
    }
}
