using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RunwareCloud.Notifications.Api.Consumers;
using RunwareCloud.Notifications.Api.Tests.Support;

namespace RunwareCloud.Notifications.Api.Tests;

public sealed class UserEventsOrderingTests(NotificationsCluster cluster) : IClassFixture<NotificationsCluster>
{
    [Fact]
    public async Task Consumer_logs_each_users_events_in_publish_order_when_many_users_events_are_consumed_concurrently()
    {
        const int perUser = 20;
        var users = Enumerable.Range(0, 16).Select(_ => Guid.NewGuid()).ToArray();

        // Each user's events are published one after another (each confirmed by the broker before the next), users in parallel.
        await Task.WhenAll(users.Select(async user =>
        {
            var job = Guid.NewGuid();
            for (var progress = 1; progress <= perUser; progress++)
            {
                await cluster.A.Bus.Publish(TestEvents.Progressed(user, job, progress)).WaitAsync(NotificationsCluster.Timeout);
            }
        })).WaitAsync(NotificationsCluster.Timeout);

        foreach (var user in users)
        {
            using var http = cluster.B.CreateClient(user);
            var log = await Eventually.WaitForAsync<JsonElement?>(
                async () => await http.GetFromJsonAsync<JsonElement>("/api/notifications?limit=100") is { } entries && entries.GetArrayLength() >= perUser
                    ? entries
                    : (JsonElement?)null,
                NotificationsCluster.Timeout, "every event of the user to be logged");

            var progress = log!.Value.EnumerateArray().Select(entry => entry.GetProperty("data").GetProperty("progress").GetInt32());
            Assert.Equal(Enumerable.Range(1, perUser), progress);
        }

        var concurrency = Math.Max(
            cluster.A.Services.GetRequiredService<UserLanes>().MaxConcurrency, cluster.B.Services.GetRequiredService<UserLanes>().MaxConcurrency);
        Assert.True(concurrency > 1, $"events of different users were handled concurrently (at most {concurrency} at once)");
    }
}
