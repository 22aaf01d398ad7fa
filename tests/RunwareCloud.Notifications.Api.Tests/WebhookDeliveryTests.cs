using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RunwareCloud.Notifications.Api.Tests.Support;
using RunwareCloud.Notifications.Api.Webhooks;

namespace RunwareCloud.Notifications.Api.Tests;

public sealed class WebhookDeliveryTests(NotificationsCluster cluster) : IClassFixture<NotificationsCluster>
{
    [Fact]
    public async Task Deliveries_carry_a_valid_Standard_Webhooks_signature_for_every_event()
    {
        var (userId, jobId, hook) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid().ToString("N"));
        using var http = cluster.A.CreateClient(userId);
        var subscription = await SubscribeAsync(http, hook);
        var secret = subscription.GetProperty("secret").GetString()!;

        await cluster.A.Bus.Publish(TestEvents.Requested(userId, jobId));
        await cluster.A.Bus.Publish(TestEvents.Started(userId, jobId));
        await cluster.A.Bus.Publish(TestEvents.Stored(userId, jobId, Guid.NewGuid()));
        await Eventually.WaitUntilAsync(() => cluster.Receiver.ReceivedBy(hook).Count == 3, NotificationsCluster.Timeout, "three deliveries");
        var received = cluster.Receiver.ReceivedBy(hook);

        Assert.StartsWith(WebhookSigner.SecretPrefix, secret);
        Assert.All(received, webhook => Assert.True(
            WebhookSigner.Verify(secret, webhook.Id!, long.Parse(webhook.Timestamp!, CultureInfo.InvariantCulture), webhook.Body, webhook.Signature!),
            $"signature of {webhook.Id} verifies"));
        Assert.Equal(3, received.Select(webhook => webhook.Id).Distinct().Count());
        Assert.Equal(
            ["job.queued", "job.running", "job.succeeded"],
            received.Select(webhook => JsonDocument.Parse(webhook.Body).RootElement.GetProperty("type").GetString()).Order());
        Assert.All(received, webhook => Assert.Equal(jobId, JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data").GetProperty("jobId").GetGuid()));
    }

    [Fact]
    public async Task Delivery_is_retried_with_the_same_webhook_id_until_the_receiver_recovers()
    {
        var (userId, hook) = (Guid.NewGuid(), Guid.NewGuid().ToString("N"));
        using var http = cluster.A.CreateClient(userId);
        var subscription = await SubscribeAsync(http, hook);
        var secret = subscription.GetProperty("secret").GetString()!;
        cluster.Receiver.FailNext(hook, 3);

        await cluster.A.Bus.Publish(TestEvents.Requested(userId, Guid.NewGuid()));
        await Eventually.WaitUntilAsync(() => cluster.Receiver.ReceivedBy(hook).Count == 4, NotificationsCluster.Timeout, "four attempts");
        var deliveries = await Eventually.WaitForAsync(async () =>
        {
            var log = await http.GetFromJsonAsync<JsonElement>($"/api/webhooks/{subscription.GetProperty("id").GetGuid()}/deliveries");
            return log.GetArrayLength() == 1 && log[0].GetProperty("status").GetString() == WebhookDeliveryStatus.Succeeded ? (JsonElement?)log : null;
        }, NotificationsCluster.Timeout, "the delivery log to show success");
        var received = cluster.Receiver.ReceivedBy(hook);

        Assert.Equal([503, 503, 503, 204], received.Select(webhook => webhook.AnsweredStatus));
        Assert.Single(received.Select(webhook => webhook.Id).Distinct());
        Assert.All(received, webhook => Assert.True(
            WebhookSigner.Verify(secret, webhook.Id!, long.Parse(webhook.Timestamp!, CultureInfo.InvariantCulture), webhook.Body, webhook.Signature!)));
        var delivery = deliveries!.Value[0];
        Assert.Equal(received[0].Id, delivery.GetProperty("webhookId").GetString());
        Assert.Equal(4, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal([503, 503, 503, 204], delivery.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
    }

    [Fact]
    public async Task Redelivery_sends_the_same_webhook_id_again()
    {
        var (userId, hook) = (Guid.NewGuid(), Guid.NewGuid().ToString("N"));
        using var http = cluster.B.CreateClient(userId);
        var subscriptionId = (await SubscribeAsync(http, hook)).GetProperty("id").GetGuid();
        await cluster.B.Bus.Publish(TestEvents.Requested(userId, Guid.NewGuid()));
        await Eventually.WaitUntilAsync(() => cluster.Receiver.ReceivedBy(hook).Count == 1, NotificationsCluster.Timeout, "the first delivery");
        var deliveryId = await Eventually.WaitForAsync(async () =>
        {
            var log = await http.GetFromJsonAsync<JsonElement>($"/api/webhooks/{subscriptionId}/deliveries");
            return log[0].GetProperty("status").GetString() == WebhookDeliveryStatus.Succeeded ? log[0].GetProperty("id").GetString() : null;
        }, NotificationsCluster.Timeout, "the delivery to be recorded");

        using var redeliver = await http.PostAsync($"/api/webhooks/{subscriptionId}/deliveries/{deliveryId}/redeliver", null)
            .WaitAsync(NotificationsCluster.Timeout);
        await Eventually.WaitUntilAsync(() => cluster.Receiver.ReceivedBy(hook).Count == 2, NotificationsCluster.Timeout, "the redelivery");
        var received = cluster.Receiver.ReceivedBy(hook);

        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.Equal(received[0].Body, received[1].Body);
    }

    [Fact]
    public async Task Subscription_is_disabled_after_consecutive_failures_and_only_matching_types_are_delivered()
    {
        var (userId, hook) = (Guid.NewGuid(), Guid.NewGuid().ToString("N"));
        using var http = cluster.A.CreateClient(userId);
        var subscriptionId = (await SubscribeAsync(http, hook, ["order.*"])).GetProperty("id").GetGuid();
        cluster.Receiver.FailNext(hook, int.MaxValue);

        await cluster.A.Bus.Publish(TestEvents.Requested(userId, Guid.NewGuid()));
        await cluster.A.Bus.Publish(TestEvents.OrderStatus(userId, Guid.NewGuid(), "processing"));
        var subscription = await Eventually.WaitForAsync(async () =>
        {
            var current = await http.GetFromJsonAsync<JsonElement>($"/api/webhooks/{subscriptionId}");
            return current.GetProperty("enabled").GetBoolean() ? null : (JsonElement?)current;
        }, NotificationsCluster.Timeout, "the subscription to be disabled");
        var received = cluster.Receiver.ReceivedBy(hook);

        Assert.Equal(NotificationsCluster.DisableAfterConsecutiveFailures, received.Count);
        Assert.All(received, webhook => Assert.Equal("order.statusChanged", JsonDocument.Parse(webhook.Body).RootElement.GetProperty("type").GetString()));
        Assert.Equal(NotificationsCluster.DisableAfterConsecutiveFailures, subscription!.Value.GetProperty("consecutiveFailures").GetInt32());
        Assert.Contains("consecutive", subscription.Value.GetProperty("disabledReason").GetString());
    }

    private async Task<JsonElement> SubscribeAsync(HttpClient http, string hook, string[]? eventTypes = null)
    {
        using var response = await http.PostAsJsonAsync("/api/webhooks", new { url = cluster.Receiver.UrlFor(hook).ToString(), eventTypes })
            .WaitAsync(NotificationsCluster.Timeout);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(NotificationsCluster.Timeout);
    }
}
