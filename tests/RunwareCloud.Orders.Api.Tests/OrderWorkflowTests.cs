extern alias pmr;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using FaultSettings = pmr::RunwareCloud.Pmr.Emulator.FaultSettings;

namespace RunwareCloud.Orders.Api.Tests;

[Collection(OrdersCollection.Name)]
public sealed class OrderWorkflowTests(OrdersApiFixture fixture)
{
    private static readonly TimeSpan s_orderTimeout = TimeSpan.FromSeconds(60);
    private OrdersSystem Chain => fixture.Chain;

    [Fact]
    public async Task Order_of_20_photos_completes_with_every_photo_processed_and_uploaded_once_with_metadata()
    {
        var owner = Guid.NewGuid();
        using var client = fixture.CreateClient(owner);
        var orderId = (await client.CreateOrderAsync("EVT-1001")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.AddImagesAsync(orderId, 20)).StatusCode);

        var submit = await client.SubmitAsync(orderId);
        var order = await client.WaitForStatusAsync(orderId, "completed", s_orderTimeout);

        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        Assert.Equal(20, order.GetProperty("uploadedCount").GetInt32());
        var images = order.GetProperty("images").EnumerateArray().ToList();
        Assert.All(images, image =>
        {
            Assert.Equal("uploaded", image.GetProperty("status").GetString());
            Assert.False(string.IsNullOrWhiteSpace(image.GetProperty("caption").GetString()));
            Assert.NotEqual(image.GetProperty("sourceAssetId").GetGuid(), image.GetProperty("processedAssetId").GetGuid());
        });
        var processedIds = images.Select(i => i.GetProperty("processedAssetId").GetGuid()).ToList();
        var processed = await Chain.WithHistoryAsync(db => db.Assets.Where(a => processedIds.Contains(a.Id)).ToListAsync());
        Assert.Equal(20, processed.Count);
        Assert.All(processed, asset => Assert.Equal(("upscale", owner, 96, 96), (asset.Kind, asset.OwnerId, asset.Width, asset.Height)));
        var jobs = await Chain.WithProcessingAsync(db => db.Jobs.Where(j => j.OrderId == orderId).ToListAsync());
        Assert.Equal(40, jobs.Count);
        Assert.All(jobs, job => Assert.Equal("succeeded", job.Status));
        Assert.Equal(20, jobs.Count(j => j.Kind == "caption"));
        var stats = Assert.Single(Chain.Pmr.Uploads, u => u.OrderId == orderId.ToString());
        Assert.Equal((20, 20, 0, "delivered"), (stats.Photos, stats.UploadRequests, stats.Replays, stats.Status));
        var photos = Chain.Pmr.Store.FindOrder("EVT-1001", orderId.ToString())!.Photos;
        var byKey = images.ToDictionary(i => i.GetProperty("id").GetString()!);
        Assert.All(photos, photo =>
        {
            var image = byKey[photo.PhotoKey];
            Assert.Equal(image.GetProperty("pmrPhotoId").GetString(), photo.Id);
            Assert.Equal(image.GetProperty("caption").GetString(), photo.Caption);
            Assert.Equal(("Ada Lovelace", "ada@example.com", "image/png"), (photo.CustomerName, photo.CustomerEmail, photo.ContentType));
            Assert.Equal(["upscale", "caption"], photo.Operations);
        });
        Assert.Equal(["processing", "uploading", "completed"], await client.GetTransitionsAsync(orderId));
    }

    [Fact]
    public async Task Order_waits_in_pmr_pending_while_the_pmr_is_down_and_completes_after_recovery_without_duplicates()
    {
        using var client = fixture.CreateClient(Guid.NewGuid(), "manager");
        var created = await client.PostAsJsonAsync("/api/events", new { eventId = "EVT-2002", name = "Spring gala" }).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var orderId = (await client.CreateOrderAsync("EVT-2002", new { removeBackground = true })).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.AddImagesAsync(orderId, 8)).StatusCode);
        Chain.Pmr.SetFaults(new FaultSettings { Outage = true });

        try
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.SubmitAsync(orderId)).StatusCode);
            var pending = await client.WaitForStatusAsync(orderId, "pmr-pending", s_orderTimeout);
            Assert.Equal(0, pending.GetProperty("uploadedCount").GetInt32());
            var health = await Eventually.WaitForAsync<JsonElement?>(async () =>
                await client.GetJsonAsync("/api/pmr/health") is var h && h.GetProperty("circuit").GetString() == "open" ? h : null,
                TimeSpan.FromSeconds(15), "the PMR circuit to be reported open");
            Assert.Equal("unavailable", health!.Value.GetProperty("status").GetString());
            Assert.False(health.Value.GetProperty("reachable").GetBoolean());
            Assert.True(health.Value.GetProperty("pendingOrders").GetInt32() >= 1);
        }
        finally
        {
            Chain.Pmr.ClearFaults();
        }

        var order = await client.WaitForStatusAsync(orderId, "completed", s_orderTimeout);

        Assert.Equal(8, order.GetProperty("uploadedCount").GetInt32());
        var stats = Assert.Single(Chain.Pmr.Uploads, u => u.OrderId == orderId.ToString());
        Assert.Equal((8, 0), (stats.Photos, stats.Replays));
        Assert.Equal(8, Chain.Pmr.Store.FindOrder("EVT-2002", orderId.ToString())!.Photos.Select(p => p.PhotoKey).Distinct().Count());
        Assert.Equal(["processing", "uploading", "pmr-pending", "uploading", "completed"], await client.GetTransitionsAsync(orderId));
        await Eventually.WaitUntilAsync(async () => (await client.GetJsonAsync("/api/pmr/health")).GetProperty("status").GetString() == "healthy",
            TimeSpan.FromSeconds(15), "the PMR to be reported healthy again");
    }

    [Fact]
    public async Task Submit_refuses_an_event_id_the_pmr_does_not_know_naming_eventId()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var orderId = (await client.CreateOrderAsync("NO-SUCH-EVENT")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.AddImagesAsync(orderId, 1)).StatusCode);

        var submit = await client.SubmitAsync(orderId);

        Assert.Equal(HttpStatusCode.BadRequest, submit.StatusCode);
        var problem = await submit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("eventId", out _));
        Assert.Equal("draft", (await client.GetOrderAsync(orderId)).GetProperty("status").GetString());
        Assert.Contains("order.submit-refused", (await client.GetJsonAsync($"/api/orders/{orderId}/audit")).EnumerateArray()
            .Select(a => a.GetProperty("action").GetString()));
        Assert.False(await Chain.WithProcessingAsync(db => db.Jobs.AnyAsync(j => j.OrderId == orderId)));
    }

    [Fact]
    public async Task Orders_api_restarted_mid_order_loses_nothing_and_uploads_each_photo_once()
    {
        var owner = Guid.NewGuid();
        Guid orderId;
        using (var client = fixture.CreateClient(owner))
        {
            orderId = (await client.CreateOrderAsync("EVT-3003")).GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await client.AddImagesAsync(orderId, 5)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await client.SubmitAsync(orderId)).StatusCode);
            await Eventually.WaitUntilAsync(() => Chain.WithProcessingAsync(db => db.Jobs.AnyAsync(j => j.OrderId == orderId)),
                TimeSpan.FromSeconds(30), "processing to take the order's first command");
        }

        await Chain.StopOrdersAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var stopped = await Chain.WithOrdersAsync(db => db.Orders.Include(o => o.Images).FirstAsync(o => o.Id == orderId));
        Assert.Equal("processing", stopped.Status);
        Assert.DoesNotContain(stopped.Images, i => i.Status == "uploaded");
        // Results of the commands already sent arrive while orders-api is down; its queues must keep them.
        await Eventually.WaitUntilAsync(() => Chain.WithProcessingAsync(db => db.Jobs.AllAsync(j => j.OrderId != orderId || j.Status == "succeeded")),
            TimeSpan.FromSeconds(30), "processing to finish what it was sent");
        Chain.StartOrders();

        using var after = fixture.CreateClient(owner);
        var order = await after.WaitForStatusAsync(orderId, "completed", s_orderTimeout);
        Assert.Equal(5, order.GetProperty("uploadedCount").GetInt32());
        var stats = Assert.Single(Chain.Pmr.Uploads, u => u.OrderId == orderId.ToString());
        Assert.Equal((5, 5, 0), (stats.Photos, stats.UploadRequests, stats.Replays));
        var jobs = await Chain.WithProcessingAsync(db => db.Jobs.Where(j => j.OrderId == orderId).Select(j => j.Kind).ToListAsync());
        Assert.Equal((5, 5), (jobs.Count(k => k == "upscale"), jobs.Count(k => k == "caption")));
    }
}
