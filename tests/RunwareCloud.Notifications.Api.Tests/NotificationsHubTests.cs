using RunwareCloud.Notifications.Api.Tests.Support;

namespace RunwareCloud.Notifications.Api.Tests;

public sealed class NotificationsHubTests(NotificationsCluster cluster) : IClassFixture<NotificationsCluster>
{
    [Fact]
    public async Task Hub_delivers_notifications_only_to_the_connections_of_their_user_on_every_instance()
    {
        var (alice, bob) = (Guid.NewGuid(), Guid.NewGuid());
        var (aliceJob, bobJob) = (Guid.NewGuid(), Guid.NewGuid());
        await using var aliceOnA = await HubClient.ConnectAsync(cluster.A, NotificationsHost.TokenFor(alice));
        await using var aliceOnB = await HubClient.ConnectAsync(cluster.B, NotificationsHost.TokenFor(alice));
        await using var bobOnB = await HubClient.ConnectAsync(cluster.B, NotificationsHost.TokenFor(bob));

        await cluster.A.Bus.Publish(TestEvents.Started(alice, aliceJob));
        var first = await aliceOnA.NextNotificationAsync();
        var second = await aliceOnB.NextNotificationAsync();
        await cluster.A.Bus.Publish(TestEvents.Started(bob, bobJob));
        var bobs = await bobOnB.NextNotificationAsync();

        Assert.Equal("job.running", first.GetProperty("type").GetString());
        Assert.Equal(aliceJob, first.GetProperty("jobId").GetGuid());
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal(bobJob, bobs.GetProperty("jobId").GetGuid());
    }

    [Fact]
    public async Task Hub_GetRecent_returns_the_callers_log_after_an_id()
    {
        var userId = Guid.NewGuid();
        var jobs = new[] { Guid.NewGuid(), Guid.NewGuid() };
        await using var hub = await HubClient.ConnectAsync(cluster.A, NotificationsHost.TokenFor(userId));
        foreach (var job in jobs)
        {
            await cluster.A.Bus.Publish(TestEvents.Requested(userId, job));
        }

        var first = await hub.NextNotificationAsync();
        await hub.NextNotificationAsync();
        var recent = await hub.InvokeAsync("GetRecent", [first.GetProperty("id").GetString()]);

        Assert.Equal(jobs[1], recent.EnumerateArray().Single().GetProperty("jobId").GetGuid());
    }
}
