using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using RunwareCloud.Runware.Emulator.Faults;

namespace RunwareCloud.Runware.Emulator.Tests;

public sealed class FaultTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Drop_sockets_now_aborts_every_open_socket()
    {
        await using var emulator = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        await using var first = await TestSocket.AuthenticatedAsync(emulator);
        await using var second = await TestSocket.AuthenticatedAsync(emulator);

        await emulator.SetFaultsAsync(new FaultSettings { DropSocketsNow = true });

        await Assert.ThrowsAnyAsync<Exception>(() => first.ReceiveAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => second.ReceiveAsync());
        await Eventually.WaitUntilAsync(() => emulator.Stats.ActiveSockets == 0, s_timeout, "sockets to be gone");
    }

    [Fact]
    public async Task Drop_sockets_after_messages_aborts_a_socket_before_answering_its_nth_message()
    {
        await using var emulator = await EmulatorServer.StartAsync(o => o.Faults = new FaultSettings { DropSocketsAfterMessages = 2 }).WaitAsync(s_timeout);
        await using var socket = await TestSocket.AuthenticatedAsync(emulator);

        await socket.SendAsync(TestSocket.Image());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => socket.ReceiveAsync());
        Assert.True(error is WebSocketException or OperationCanceledException, error.ToString());
        Assert.NotEqual(WebSocketState.Open, socket.State);
        Assert.Equal(0, emulator.Stats.TasksServed);
    }

    [Fact]
    public async Task Task_errors_answer_with_the_chosen_code_for_that_task_type_only()
    {
        await using var emulator = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        await emulator.SetFaultsAsync(new FaultSettings
        {
            TaskErrors = new() { ["imageInference"] = new TaskErrorFault { Rate = 1, Code = "timeoutProvider" } },
        });
        await using var socket = await TestSocket.AuthenticatedAsync(emulator);
        var task = TestSocket.Image();

        var failed = await socket.RequestAsync(task);
        var search = await socket.RequestAsync(new JsonObject { ["taskType"] = "modelSearch", ["taskUUID"] = Guid.NewGuid().ToString() });

        Assert.Equal("timeoutProvider", (string?)failed["errors"]![0]!["code"]);
        Assert.Equal((string?)task["taskUUID"], (string?)failed["errors"]![0]!["taskUUID"]);
        Assert.NotNull(search["data"]);
    }

    [Fact]
    public async Task Stalled_tasks_are_never_answered_and_their_taskUUID_conflicts_while_in_flight()
    {
        await using var emulator = await EmulatorServer.StartAsync(o => o.Faults = new FaultSettings { StallTaskTypes = ["imageInference"] }).WaitAsync(s_timeout);
        await using var socket = await TestSocket.AuthenticatedAsync(emulator);
        var task = TestSocket.Image();

        await socket.SendAsync(task);
        var duplicate = await socket.RequestAsync((JsonObject)task.DeepClone());
        var pong = await socket.RequestAsync(new JsonObject { ["taskType"] = "ping", ["ping"] = true });

        Assert.Equal("conflictTaskUUID", (string?)duplicate["errors"]![0]!["code"]);
        Assert.True((bool)pong["data"]![0]!["pong"]!);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => socket.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Refuse_auth_answers_authentication_with_an_error()
    {
        await using var emulator = await EmulatorServer.StartAsync(o => o.Faults = new FaultSettings { RefuseAuth = true }).WaitAsync(s_timeout);
        await using var socket = await TestSocket.ConnectAsync(emulator);

        var reply = await socket.RequestAsync(new JsonObject { ["taskType"] = "authentication", ["apiKey"] = emulator.ApiKey });

        Assert.Equal("invalidApiKey", (string?)reply["errors"]![0]!["code"]);
        Assert.Equal("authentication", (string?)reply["errors"]![0]!["taskType"]);
        Assert.Equal(1, emulator.Stats.AuthFailures);
    }

    [Fact]
    public async Task Tasks_fail_with_insufficientCredits_when_the_budget_is_spent()
    {
        await using var emulator = await EmulatorServer.StartAsync(o => o.CreditBudget = 0.001m).WaitAsync(s_timeout);
        await using var socket = await TestSocket.AuthenticatedAsync(emulator);

        var first = await socket.RequestAsync(TestSocket.Image(numberResults: 1));
        var second = await socket.RequestAsync(TestSocket.Image(numberResults: 20));

        Assert.NotNull(first["data"]);
        Assert.Equal("insufficientCredits", (string?)second["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Admin_faults_endpoint_requires_the_token_and_changes_behaviour()
    {
        await using var emulator = await EmulatorServer.StartAsync(o => o.AdminToken = "s3cret").WaitAsync(s_timeout);
        using var http = new HttpClient { BaseAddress = emulator.BaseUri, Timeout = s_timeout };
        var faults = new { taskErrors = new Dictionary<string, object> { ["caption"] = new { rate = 1.0, code = "providerError" } } };

        using var anonymous = await http.PostAsJsonAsync("/admin/faults", faults);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/faults") { Content = JsonContent.Create(faults) };
        request.Headers.Add("X-Admin-Token", "s3cret");
        using var authorised = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorised.StatusCode);
        Assert.Equal("providerError", emulator.Faults.Current.TaskErrors["caption"].Code);
    }

    [Fact]
    public async Task Admin_stats_count_served_tasks_and_open_sockets()
    {
        await using var emulator = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        using var http = new HttpClient { BaseAddress = emulator.BaseUri, Timeout = s_timeout };
        await using var socket = await TestSocket.AuthenticatedAsync(emulator);
        await socket.RequestAsync(TestSocket.Image());

        var stats = await http.GetFromJsonAsync<JsonObject>("/admin/stats");

        Assert.Equal(1, (int)stats!["tasksServed"]!);
        Assert.Equal(1, (int)stats["activeSockets"]!);
        Assert.Equal(1, (int)stats["servedByTaskType"]!["imageInference"]!);
    }

    [Fact]
    public async Task Results_finished_after_a_socket_dropped_are_delivered_when_its_session_resumes()
    {
        await using var emulator = await EmulatorServer.StartAsync(o =>
        {
            o.LatencyProfile = LatencyProfile.Realistic;
            o.Latency["imageInference"] = new TaskLatency { BaseMilliseconds = 1500, Jitter = 0 };
        }).WaitAsync(s_timeout);
        await using var first = await TestSocket.ConnectAsync(emulator);
        var session = (string?)(await first.RequestAsync(new JsonObject { ["taskType"] = "authentication", ["apiKey"] = emulator.ApiKey }))["data"]![0]!["connectionSessionUUID"];
        var task = TestSocket.Image();
        await first.SendAsync(task);
        first.Abort();
        await Eventually.WaitUntilAsync(() => emulator.Stats.ActiveSockets == 0, s_timeout, "the dropped socket to be noticed");

        await using var second = await TestSocket.ConnectAsync(emulator);
        await second.SendAsync(new JsonObject { ["taskType"] = "authentication", ["apiKey"] = emulator.ApiKey, ["connectionSessionUUID"] = session });
        var auth = await second.ReceiveAsync();
        var result = await second.CollectAsync((string)task["taskUUID"]!, 1);

        Assert.Equal(session, (string?)auth["data"]![0]!["connectionSessionUUID"]);
        Assert.Equal("imageInference", (string?)result[0]["taskType"]);
    }
}
