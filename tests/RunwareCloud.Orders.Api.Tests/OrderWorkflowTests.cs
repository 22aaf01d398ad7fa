extern alias pmr;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FaultSettings = pmr::RunwareCloud.Pmr.Emulator.FaultSettings;

namespace RunwareCloud.Orders.Api.Tests;

[Collection(OrdersCollection.Name)]
public sealed class OrderWorkflowTests(OrdersApiFixture fixture)
{
    private static readonly TimeSpan s_orderTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Order_of_20_photos_completes_with_every_photo_processed_and_uploaded_once_with_metadata()
    {
        var owner = Guid.NewGuid();
        using var client = fixture.CreateClient(owner);
        var orderId = (await client.CreateOrderAsync("EVT-1001")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.AddImagesAsync(orderId, 20)).StatusCode);

        var submit = await client.PostAsync($"/api/orders/{orderId}/submit", null).WaitAsync(TimeSpan.FromSeconds(30));
        var order = await client.WaitForStatusAsync(orderId, "completed", s_orderTimeout);

        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        Assert.Equal(20, order.GetProperty("uploadedCount").GetInt32());
        var images = order.GetProperty("images").EnumerateArray().ToList();
        Assert.All(images, image =>
        {
            Assert.Equal("uploaded", image.GetProperty("status").GetString());
            Assert.StartsWith("A photo of", image.GetProperty("caption").GetString());
            Assert.NotEqual(image.GetProperty("sourceAssetId").GetGuid(), image.GetProperty("processedAssetId").GetGuid());
        });
        var stats = Assert.Single(fixture.Pmr.Uploads, u => u.OrderId == orderId.ToString());
        Assert.Equal(20, stats.Photos);
        Assert.Equal(0, stats.Replays);
        Assert.Equal("delivered", stats.Status);
        var photos = fixture.Pmr.Store.FindOrder("EVT-1001", orderId.ToString())!.Photos;
        Assert.All(photos, photo =>
        {
            Assert.Equal("Ada Lovelace", photo.CustomerName);
            Assert.Equal("ada@example.com", photo.CustomerEmail);
            Assert.Equal(["upscale", "caption"], photo.Operations);
            Assert.StartsWith("A photo of", photo.Caption);
        });
        Assert.Equal(images.Select(i => i.GetProperty("pmrPhotoId").GetString()).Order(), photos.Select(p => p.Id).Order());
    }

    [Fact]
    public async Task Order_waits_in_pmr_pending_while_the_pmr_is_down_and_completes_after_recovery_without_duplicates()
    {
        using var client = fixture.CreateClient(Guid.NewGuid(), "manager");
        var created = await client.PostAsJsonAsync("/api/events", new { eventId = "EVT-2002", name = "Spring gala" }).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var orderId = (await client.CreateOrderAsync("EVT-2002", new { removeBackground = true })).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.AddImagesAsync(orderId, 8)).StatusCode);
        fixture.Pmr.SetFaults(new FaultSettings { Outage = true });

        try
        {
            var submit = await client.PostAsync($"/api/orders/{orderId}/submit", null).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
            var pending = await client.WaitForStatusAsync(orderId, "pmr-pending", s_orderTimeout);
            Assert.Equal(0, pending.GetProperty("uploadedCount").GetInt32());
        }
        finally
        {
            fixture.Pmr.ClearFaults();
        }

        var order = await client.WaitForStatusAsync(orderId, "completed", s_orderTimeout);

        Assert.Equal(8, order.GetProperty("uploadedCount").GetInt32());
        var stats = Assert.Single(fixture.Pmr.Uploads, u => u.OrderId == orderId.ToString());
        Assert.Equal(8, stats.Photos);
        Assert.Equal(0, stats.Replays);
        var audit = await client.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}/audit").WaitAsync(TimeSpan.FromSeconds(30));
        var transitions = audit.EnumerateArray().Where(a => a.GetProperty("action").GetString() == "order.status-changed")
            .Select(a => JsonDocument.Parse(a.GetProperty("details").GetString()!).RootElement.GetProperty("to").GetString()).ToList();
        Assert.Equal(["processing", "uploading", "pmr-pending", "uploading", "completed"], transitions);
    }

    [Fact]
    public async Task Submit_refuses_an_event_id_the_pmr_does_not_know_naming_eventId()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var orderId = (await client.CreateOrderAsync("NO-SUCH-EVENT")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.AddImagesAsync(orderId, 1)).StatusCode);

        var submit = await client.PostAsync($"/api/orders/{orderId}/submit", null).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, submit.StatusCode);
        var problem = await submit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("eventId", out _));
        Assert.Equal("draft", (await client.GetOrderAsync(orderId)).GetProperty("status").GetString());
        Assert.DoesNotContain(fixture.Commands, c => c.OrderId == orderId);
    }

    [Fact]
    public async Task Orders_api_restarted_mid_order_loses_nothing_and_uploads_each_photo_once()
    {
        var owner = Guid.NewGuid();
        using (var client = fixture.CreateClient(owner))
        {
            var orderId = (await client.CreateOrderAsync("EVT-3003")).GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await client.AddImagesAsync(orderId, 5)).StatusCode);
            fixture.ProcessorGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/orders/{orderId}/submit", null).WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
            await Eventually.WaitUntilAsync(() => fixture.Commands.Count(c => c.OrderId == orderId) >= 5, TimeSpan.FromSeconds(30), "the commands to be sent");

            await fixture.RestartAsync().WaitAsync(TimeSpan.FromSeconds(60));
            fixture.ProcessorGate.TrySetResult();

            using var after = fixture.CreateClient(owner);
            var order = await after.WaitForStatusAsync(orderId, "completed", s_orderTimeout);
            Assert.Equal(5, order.GetProperty("uploadedCount").GetInt32());
            var stats = Assert.Single(fixture.Pmr.Uploads, u => u.OrderId == orderId.ToString());
            Assert.Equal(5, stats.Photos);
        }
    }
}
