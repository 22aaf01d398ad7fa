using System.Text.Json.Nodes;
using RunwareCloud.Runware.Pool;
using RunwareCloud.Runware.Tests.Fakes;

namespace RunwareCloud.Runware.Tests;

/// <summary>The pool's own behaviour against a hand-written server whose faults are exact and instant.</summary>
public sealed class RunwarePoolTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);
    private FakeRunwareServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeRunwareServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    internal static RunwarePoolOptions FastOptions(int connections = 2) => new()
    {
        Connections = connections,
        ReconnectDelay = TimeSpan.FromMilliseconds(20),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        TransientRetryDelay = TimeSpan.FromMilliseconds(5),
        PollInterval = TimeSpan.FromMilliseconds(20),
    };

    private (RunwarePool Pool, RunwareClient Client) Create(RunwarePoolOptions? options = null, string key = FakeRunwareServer.GoodKey)
    {
        options ??= FastOptions();
        var pool = new RunwarePool(RunwareConnectionString.Parse(_server.ConnectionString(key)), options);
        return (pool, new RunwareClient(pool, options));
    }

    private static ImageInferenceRequest Image(string prompt, int numberResults = 1, long? seed = null) => new()
    {
        Model = "runware:100@1", PositivePrompt = prompt, Width = 512, Height = 512, NumberResults = numberResults, Seed = seed,
    };

    [Fact]
    public async Task Pool_routes_each_result_to_its_caller_when_many_tasks_share_two_connections()
    {
        var (pool, client) = Create();
        await using var _ = pool;

        var results = await Task.WhenAll(Enumerable.Range(0, 300)
            .Select(i => client.GenerateImagesAsync(Image($"prompt {i}", seed: i * 10))))
            .WaitAsync(s_timeout);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"prompt {i}", Assert.Single(results[i]!.Images).PositivePrompt);
            Assert.Equal(i * 10, results[i].Images[0].Seed);
        }

        Assert.Equal(0, pool.InFlight);
        Assert.True(_server.FramesReceived < _server.TasksReceived + 10, "several tasks should share a frame under load");
    }

    [Fact]
    public async Task Pool_aggregates_numberResults_items_sent_in_separate_frames()
    {
        var (pool, client) = Create();
        await using var _ = pool;

        var result = await client.GenerateImagesAsync(Image("four lighthouses", numberResults: 4, seed: 7)).WaitAsync(s_timeout);

        Assert.Equal([7L, 8L, 9L, 10L], result.Images.Select(image => image.Seed!.Value));
        Assert.Equal(4, result.Images.Select(image => image.ImageUuid).Distinct().Count());
        Assert.Equal(0.004, result.Cost!.Value, 6);
    }

    [Fact]
    public async Task Pool_resends_tasks_on_another_connection_when_their_socket_drops()
    {
        var (pool, client) = Create();
        await using var _ = pool;
        await pool.WaitUntilReadyAsync(2).WaitAsync(s_timeout);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Handler = async (socket, task) =>
        {
            await gate.Task;
            await FakeRunwareServer.DefaultHandlerAsync(socket, task);
        };
        var calls = Enumerable.Range(0, 20).Select(i => client.GenerateImagesAsync(Image($"p{i}", seed: i))).ToArray();
        await Eventually.WaitUntilAsync(() => _server.TasksReceived == 20, s_timeout, "20 held tasks");
        var victim = _server.OpenSockets.OrderByDescending(socket => socket.TasksReceived).First();
        Assert.True(victim.TasksReceived > 0);

        victim.Drop();
        gate.SetResult();
        var results = await Task.WhenAll(calls).WaitAsync(s_timeout);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), results.Select(r => r.Images[0].Seed!.Value));
        Assert.Equal(20 + victim.TasksReceived, _server.TasksReceived);
        await Eventually.WaitUntilAsync(() => pool.AuthenticatedConnections == 2, s_timeout, "the dropped connection to come back");
    }

    [Fact]
    public async Task Pool_fails_a_task_with_a_connection_error_when_its_resend_also_drops()
    {
        var options = FastOptions(1);
        options.TransientRetries = 0;
        var (pool, client) = Create(options);
        await using var _ = pool;
        await pool.WaitUntilReadyAsync().WaitAsync(s_timeout);
        _server.StalledTaskTypes.Add("imageInference");
        var call = client.GenerateImagesAsync(Image("doomed"));
        await Eventually.WaitUntilAsync(() => _server.TasksReceived == 1, s_timeout, "the first send");
        _server.DropAll();
        await Eventually.WaitUntilAsync(() => _server.TasksReceived == 2, s_timeout, "the re-send");

        _server.DropAll();

        await Assert.ThrowsAsync<RunwareConnectionException>(() => call.WaitAsync(s_timeout));
        Assert.Equal(0, pool.InFlight);
    }

    [Fact]
    public async Task Pool_reconnects_with_its_session_when_the_server_stops_answering_pings()
    {
        var options = FastOptions(1);
        options.PingInterval = TimeSpan.FromMilliseconds(100);
        options.PongTimeout = TimeSpan.FromMilliseconds(200);
        var (pool, client) = Create(options);
        await using var _ = pool;
        await pool.WaitUntilReadyAsync().WaitAsync(s_timeout);
        await Eventually.WaitUntilAsync(() => _server.PingsReceived >= 2, s_timeout, "pings answered");
        Assert.Equal(1, _server.AuthenticationAttempts);

        _server.IgnorePings = true;
        await Eventually.WaitUntilAsync(() => _server.AuthenticationAttempts >= 2, s_timeout, "a reconnect after the missed pong");
        _server.IgnorePings = false;

        var result = await client.GenerateImagesAsync(Image("after reconnect")).WaitAsync(s_timeout);
        Assert.Equal("after reconnect", result.Images[0].PositivePrompt);
        Assert.Contains(_server.SessionUuidsOnAuth, session => session.Length > 0);
    }

    [Fact]
    public async Task Pool_fails_fast_with_an_authentication_error_and_no_reconnect_storm_when_the_key_is_invalid()
    {
        var options = FastOptions(4);
        var (pool, client) = Create(options, key: "sk-wrong-5b7e2d");
        await using var _ = pool;

        var exception = await Assert.ThrowsAsync<RunwareAuthenticationException>(
            () => client.GenerateImagesAsync(Image("never")).WaitAsync(s_timeout));
        var second = await Assert.ThrowsAsync<RunwareAuthenticationException>(
            () => client.GenerateImagesAsync(Image("never again")).WaitAsync(s_timeout));

        Assert.Equal("invalidApiKey", exception.Code);
        Assert.DoesNotContain("sk-wrong-5b7e2d", exception.ToString());
        Assert.DoesNotContain("sk-wrong-5b7e2d", second.ToString());
        Assert.Equal(1, _server.AuthenticationAttempts);
        Assert.Equal(1, pool.ConnectAttempts);
    }

    [Fact]
    public async Task Pool_times_out_a_task_and_releases_its_slot_when_no_answer_comes()
    {
        var options = FastOptions(1);
        options.TaskTimeouts["imageInference"] = TimeSpan.FromMilliseconds(200);
        var (pool, client) = Create(options);
        await using var _ = pool;
        _server.StalledTaskTypes.Add("imageInference");

        var exception = await Assert.ThrowsAsync<RunwareTimeoutException>(() => client.GenerateImagesAsync(Image("slow")).WaitAsync(s_timeout));

        Assert.Equal("imageInference", exception.TaskType);
        Assert.Equal(0, pool.InFlight);
        Assert.Equal(0, pool.Connections[0].InFlight);
    }

    [Fact]
    public async Task Pool_releases_the_slot_when_the_caller_cancels()
    {
        var (pool, client) = Create();
        await using var _ = pool;
        _server.StalledTaskTypes.Add("imageInference");
        using var cancellation = new CancellationTokenSource();
        var call = client.GenerateImagesAsync(Image("cancel me"), cancellation.Token);
        await Eventually.WaitUntilAsync(() => _server.TasksReceived == 1, s_timeout, "the task to be sent");

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(s_timeout));
        Assert.Equal(0, pool.InFlight);
        Assert.All(pool.Connections, connection => Assert.Equal(0, connection.InFlight));
    }

    [Fact]
    public async Task Pool_rejects_callers_beyond_its_queue_instead_of_hanging_when_saturated()
    {
        var options = FastOptions(1);
        options.MaxInFlightPerConnection = 2;
        options.MaxQueueLength = 3;
        var (pool, client) = Create(options);
        await using var _ = pool;
        _server.StalledTaskTypes.Add("imageInference");
        using var cancellation = new CancellationTokenSource();
        var admitted = Enumerable.Range(0, 5).Select(i => client.GenerateImagesAsync(Image($"q{i}"), cancellation.Token)).ToArray();
        await Eventually.WaitUntilAsync(() => pool.InFlight == 2 && pool.QueueLength == 3, s_timeout, "2 in flight and 3 queued");

        await Assert.ThrowsAsync<RunwarePoolSaturatedException>(() => client.GenerateImagesAsync(Image("one too many")).WaitAsync(s_timeout));

        await cancellation.CancelAsync();
        foreach (var call in admitted)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(s_timeout));
        }

        Assert.Equal(0, pool.InFlight);
        Assert.Equal(0, pool.QueueLength);
    }

    [Fact]
    public async Task Pool_dispatches_to_the_least_loaded_connection()
    {
        var options = FastOptions(2);
        var (pool, client) = Create(options);
        await using var _ = pool;
        await pool.WaitUntilReadyAsync(2).WaitAsync(s_timeout);
        _server.StalledTaskTypes.Add("imageInference");
        using var cancellation = new CancellationTokenSource();

        var calls = Enumerable.Range(0, 10).Select(i => client.GenerateImagesAsync(Image($"l{i}"), cancellation.Token)).ToArray();
        await Eventually.WaitUntilAsync(() => _server.TasksReceived == 10, s_timeout, "10 tasks sent");

        Assert.All(pool.Connections, connection => Assert.Equal(5, connection.InFlight));
        await cancellation.CancelAsync();
        await Task.WhenAll(calls.Select(call => call.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(s_timeout);
    }

    [Fact]
    public async Task Client_maps_a_Runware_error_to_a_typed_exception_naming_code_and_parameter()
    {
        var (pool, client) = Create();
        await using var _ = pool;
        _server.Handler = (socket, task) => socket.SendErrorAsync(new JsonObject
        {
            ["code"] = "invalidPositivePrompt", ["message"] = "Prompt too short", ["parameter"] = "positivePrompt",
            ["taskType"] = "imageInference", ["taskUUID"] = task["taskUUID"]!.GetValue<string>(),
        });

        var exception = await Assert.ThrowsAsync<RunwareException>(() => client.GenerateImagesAsync(Image("x")).WaitAsync(s_timeout));

        Assert.Equal("invalidPositivePrompt", exception.Code);
        Assert.Equal("positivePrompt", exception.Parameter);
        Assert.False(exception.IsTransient);
        Assert.NotNull(exception.TaskUuid);
        Assert.Equal(1, _server.TasksReceived);
    }

    [Fact]
    public async Task Client_retries_a_transient_error_with_a_new_task_uuid()
    {
        var (pool, client) = Create();
        await using var _ = pool;
        var uuids = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var attempts = 0;
        _server.Handler = (socket, task) =>
        {
            uuids.Enqueue(task["taskUUID"]!.GetValue<string>());
            return Interlocked.Increment(ref attempts) == 1
                ? socket.SendErrorAsync(new JsonObject
                {
                    ["code"] = "timeoutProvider", ["message"] = "provider timed out", ["taskType"] = "imageInference",
                    ["taskUUID"] = task["taskUUID"]!.GetValue<string>(),
                })
                : FakeRunwareServer.DefaultHandlerAsync(socket, task);
        };

        var result = await client.GenerateImagesAsync(Image("retry me")).WaitAsync(s_timeout);

        Assert.Equal("retry me", result.Images[0].PositivePrompt);
        Assert.Equal(2, uuids.Distinct().Count());
    }

    [Fact]
    public async Task Client_polls_a_video_task_until_done_and_reports_progress()
    {
        var (pool, client) = Create();
        await using var _ = pool;
        var polls = 0;
        _server.Handler = (socket, task) =>
        {
            var uuid = task["taskUUID"]!.GetValue<string>();
            if (task["taskType"]!.GetValue<string>() == "videoInference")
            {
                return socket.SendDataAsync(new JsonObject { ["taskType"] = "videoInference", ["taskUUID"] = uuid, ["status"] = "processing" });
            }

            return ++polls < 3
                ? socket.SendDataAsync(new JsonObject { ["taskType"] = "videoInference", ["taskUUID"] = uuid, ["status"] = "processing", ["progress"] = polls * 30 })
                : socket.SendDataAsync(new JsonObject
                {
                    ["taskType"] = "videoInference", ["taskUUID"] = uuid, ["status"] = "success", ["videoUUID"] = "v-1",
                    ["videoURL"] = "https://example.test/v.mp4", ["cost"] = 0.28,
                });
        };
        var reports = new List<RunwareTaskProgress>();

        var result = await client.GenerateVideoAsync(new VideoInferenceRequest { Model = "klingai:5@3", PositivePrompt = "a lake" },
            new SynchronousProgress(reports.Add)).WaitAsync(s_timeout);

        Assert.Equal("https://example.test/v.mp4", Assert.Single(result.Videos).VideoUrl);
        Assert.Equal([30.0, 60.0], reports.Where(r => r.Completed == 0).Select(r => r.Progress!.Value));
        Assert.Equal(1, reports[^1].Completed);
    }

    [Fact]
    public async Task Client_sends_a_raw_json_task_and_returns_every_item()
    {
        var (pool, client) = Create();
        await using var _ = pool;

        var result = await client.SendAsync(new JsonObject
        {
            ["taskType"] = "promptEnhance", ["prompt"] = "dog", ["promptVersions"] = 2, ["numberResults"] = 2,
        }, expectedResults: 2).WaitAsync(s_timeout);

        Assert.Equal(2, result.Items.Count);
        Assert.Equal("dog, enhanced 1", result.Items[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Rest_transport_carries_the_same_tasks_and_maps_a_bad_key()
    {
        var options = FastOptions();
        using var rest = new Rest.RunwareRestTransport(RunwareConnectionString.Parse($"Endpoint={_server.RestUri};ApiKey={FakeRunwareServer.GoodKey};Transport=rest"), options);
        using var badRest = new Rest.RunwareRestTransport(RunwareConnectionString.Parse($"Endpoint={_server.RestUri};ApiKey=nope-1234;Transport=rest"), options);
        var client = new RunwareClient(rest, options);

        var result = await client.GenerateImagesAsync(Image("over http", numberResults: 2, seed: 3)).WaitAsync(s_timeout);
        var refused = await Assert.ThrowsAsync<RunwareAuthenticationException>(
            () => new RunwareClient(badRest, options).GenerateImagesAsync(Image("no")).WaitAsync(s_timeout));

        Assert.Equal([3L, 4L], result.Images.Select(image => image.Seed!.Value));
        Assert.DoesNotContain("nope-1234", refused.ToString());
    }

    private sealed class SynchronousProgress(Action<RunwareTaskProgress> report) : IProgress<RunwareTaskProgress>
    {
        public void Report(RunwareTaskProgress value) => report(value);
    }
}
