using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RunwareCloud.Notifications.Api.Notifications;
using RunwareCloud.Notifications.Api.Tests.Support;

namespace RunwareCloud.Notifications.Api.Tests;

public sealed class NotificationStreamTests(NotificationsCluster cluster) : IClassFixture<NotificationsCluster>
{
    [Fact]
    public async Task Stream_delivers_a_jobs_events_in_order_when_they_are_published_on_the_bus()
    {
        var (userId, jobId, assetId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        using var http = cluster.A.CreateClient(userId);
        await using var stream = await SseClient.ConnectAsync(http);

        await cluster.A.Bus.Publish(TestEvents.Requested(userId, jobId));
        await cluster.A.Bus.Publish(TestEvents.Started(userId, jobId));
        await cluster.A.Bus.Publish(TestEvents.Progressed(userId, jobId, 50));
        await cluster.A.Bus.Publish(TestEvents.Succeeded(userId, jobId));
        await cluster.A.Bus.Publish(TestEvents.Stored(userId, jobId, assetId));
        var events = await stream.NextAsync(5);

        Assert.Equal(["job.queued", "job.running", "job.progress", "job.outputs", "job.succeeded"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(jobId, e.Json.GetProperty("jobId").GetGuid()));
        Assert.All(events, e => Assert.Equal(e.Id, e.Json.GetProperty("id").GetString()));
        Assert.True(events.Zip(events.Skip(1)).All(pair => StreamId.Parse(pair.First.Id!) < StreamId.Parse(pair.Second.Id!)), "ids increase");
        Assert.Equal(50, events[2].Json.GetProperty("data").GetProperty("progress").GetInt32());
        var asset = events[4].Json.GetProperty("data").GetProperty("assets")[0];
        Assert.Equal(assetId, asset.GetProperty("id").GetGuid());
        Assert.Equal($"/api/assets/{assetId}", asset.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Stream_replays_exactly_the_missed_events_when_resuming_with_Last_Event_ID_on_another_instance()
    {
        var userId = Guid.NewGuid();
        var jobs = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        using var httpA = cluster.A.CreateClient(userId);
        using var httpB = cluster.B.CreateClient(userId);
        string lastSeen;
        await using (var first = await SseClient.ConnectAsync(httpA))
        {
            await cluster.A.Bus.Publish(TestEvents.Requested(userId, jobs[0]));
            await cluster.A.Bus.Publish(TestEvents.Requested(userId, jobs[1]));
            lastSeen = (await first.NextAsync(2))[1].Id!;
        }

        foreach (var job in jobs[2..5])
        {
            await cluster.B.Bus.Publish(TestEvents.Requested(userId, job));
        }

        await Eventually.WaitUntilAsync(
            async () => (await httpB.GetFromJsonAsync<JsonElement>("/api/notifications")).GetArrayLength() == 5,
            NotificationsCluster.Timeout, "the missed events to be logged");
        await using var resumed = await SseClient.ConnectAsync(httpB, lastEventId: lastSeen);
        var replayed = await resumed.NextAsync(3);
        await cluster.A.Bus.Publish(TestEvents.Requested(userId, jobs[5]));
        var live = await resumed.NextAsync();

        Assert.Equal(jobs[2..5], replayed.Select(e => e.Json.GetProperty("jobId").GetGuid()));
        Assert.Equal(jobs[5], live.Json.GetProperty("jobId").GetGuid());
    }

    [Fact]
    public async Task Stream_resumes_from_the_lastEventId_query_parameter_when_the_header_is_absent()
    {
        var userId = Guid.NewGuid();
        var jobs = new[] { Guid.NewGuid(), Guid.NewGuid() };
        using var http = cluster.A.CreateClient(userId);
        foreach (var job in jobs)
        {
            await cluster.A.Bus.Publish(TestEvents.Requested(userId, job));
        }

        var logged = await Eventually.WaitForAsync(async () =>
        {
            var log = await http.GetFromJsonAsync<JsonElement>("/api/notifications");
            return log.GetArrayLength() == 2 ? (JsonElement?)log : null;
        }, NotificationsCluster.Timeout, "both events to be logged");
        await using var stream = await SseClient.ConnectAsync(http, path: $"/api/notifications/stream?lastEventId={logged!.Value[0].GetProperty("id").GetString()}");

        var replayed = await stream.NextAsync();

        Assert.Equal(jobs[1], replayed.Json.GetProperty("jobId").GetGuid());
    }

    [Fact]
    public async Task Stream_never_delivers_another_users_events()
    {
        var (alice, bob) = (Guid.NewGuid(), Guid.NewGuid());
        var (aliceJob, bobJob) = (Guid.NewGuid(), Guid.NewGuid());
        using var aliceHttp = cluster.A.CreateClient(alice);
        using var bobHttp = cluster.A.CreateClient(bob);
        await using var aliceStream = await SseClient.ConnectAsync(aliceHttp);
        await using var bobStream = await SseClient.ConnectAsync(bobHttp);

        await cluster.A.Bus.Publish(TestEvents.Requested(bob, bobJob));
        var bobEvent = await bobStream.NextAsync();
        await cluster.A.Bus.Publish(TestEvents.Requested(alice, aliceJob));
        var aliceEvent = await aliceStream.NextAsync();

        Assert.Equal(bobJob, bobEvent.Json.GetProperty("jobId").GetGuid());
        Assert.Equal(aliceJob, aliceEvent.Json.GetProperty("jobId").GetGuid());
        Assert.Equal(alice, aliceEvent.Json.GetProperty("userId").GetGuid());
        Assert.False(aliceStream.TryNext(out _));
        Assert.False(bobStream.TryNext(out _));
    }

    [Fact]
    public async Task Stream_on_each_instance_delivers_to_its_own_clients_of_the_same_user()
    {
        var userId = Guid.NewGuid();
        var jobs = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        using var httpA = cluster.A.CreateClient(userId);
        using var httpB = cluster.B.CreateClient(userId);
        await using var onA = await SseClient.ConnectAsync(httpA);
        await using var onB = await SseClient.ConnectAsync(httpB);

        foreach (var job in jobs)
        {
            await cluster.B.Bus.Publish(TestEvents.Requested(userId, job));
        }

        var receivedOnA = await onA.NextAsync(jobs.Length);
        var receivedOnB = await onB.NextAsync(jobs.Length);

        Assert.Equal(jobs, receivedOnA.Select(e => e.Json.GetProperty("jobId").GetGuid()));
        Assert.Equal(receivedOnA.Select(e => e.Id), receivedOnB.Select(e => e.Id));
    }

    [Fact]
    public async Task Stream_accepts_the_token_in_the_query_string_for_EventSource_clients()
    {
        var userId = Guid.NewGuid();
        using var anonymous = cluster.A.CreateClient();
        anonymous.Timeout = NotificationsCluster.Timeout;

        await using var stream = await SseClient.ConnectAsync(anonymous, path: $"/api/notifications/stream?access_token={NotificationsHost.TokenFor(userId)}");
        await cluster.A.Bus.Publish(TestEvents.OrderStatus(userId, Guid.NewGuid(), "processing"));
        var received = await stream.NextAsync();

        Assert.Equal("order.statusChanged", received.Type);
        Assert.Equal("processing", received.Json.GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Stream_refuses_requests_without_a_token_and_other_paths_ignore_a_query_token()
    {
        using var anonymous = cluster.A.CreateClient();

        using var stream = await anonymous.GetAsync("/api/notifications/stream").WaitAsync(NotificationsCluster.Timeout);
        using var webhooks = await anonymous.GetAsync($"/api/webhooks?access_token={NotificationsHost.TokenFor(Guid.NewGuid())}")
            .WaitAsync(NotificationsCluster.Timeout);

        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, webhooks.StatusCode);
    }

    [Fact]
    public async Task Stream_answers_400_naming_lastEventId_when_it_is_malformed()
    {
        using var http = cluster.A.CreateClient(Guid.NewGuid());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/stream");
        request.Headers.Add("Last-Event-ID", "not-an-id");

        using var response = await http.SendAsync(request).WaitAsync(NotificationsCluster.Timeout);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(NotificationsCluster.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("lastEventId", out _));
    }

    [Fact]
    public async Task Stream_writes_heartbeat_comments_when_it_is_idle()
    {
        await using var host = await cluster.CreateHostAsync(new Dictionary<string, string> { ["Notifications:HeartbeatInterval"] = "00:00:00.200" });
        using var http = host.CreateClient(Guid.NewGuid());
        await using var stream = await SseClient.ConnectAsync(http);

        await Eventually.WaitUntilAsync(
            () => { lock (stream.Comments) { return stream.Comments.Count(comment => comment == "heartbeat") >= 2; } },
            NotificationsCluster.Timeout, "two heartbeats on an idle stream");
    }
}
