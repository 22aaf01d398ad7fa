using Microsoft.Extensions.Options;
using RunwareCloud.Imaging;
using RunwareCloud.Redis;
using RunwareCloud.Runware.Emulator;
using RunwareCloud.Runware.Emulator.Faults;
using RunwareCloud.Runware.Pool;
using RunwareCloud.Runware.Tests.Support;

namespace RunwareCloud.Runware.Tests;

/// <summary>The pool and client against the real Runware emulator over real sockets.</summary>
public sealed class RunwarePoolEmulatorTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private const string Model = "runware:100@1";

    // A 1×1 red PNG.
    private const string TinyPng =
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    private static ImageInferenceRequest Image(long seed, int numberResults = 1) => new()
    {
        Model = Model, PositivePrompt = $"a lighthouse number {seed}", Width = 128, Height = 128, Steps = 4, Seed = seed,
        NumberResults = numberResults,
    };

    private static (RunwarePool Pool, RunwareClient Client) Create(string connectionString, RunwarePoolOptions options,
        IRunwareConcurrencyLimiter? limiter = null)
    {
        var pool = new RunwarePool(RunwareConnectionString.Parse(connectionString), options, limiter);
        return (pool, new RunwareClient(pool, options));
    }

    private static void Delay(EmulatorOptions options, double milliseconds)
    {
        options.LatencyProfile = LatencyProfile.Realistic;
        options.Latency["imageInference"] = new TaskLatency { BaseMilliseconds = milliseconds, Jitter = 0 };
    }

    [Fact]
    public async Task Pool_returns_each_of_1000_concurrent_callers_its_own_images_over_two_connections()
    {
        await using var emulator = await EmulatorServer.StartAsync(options => options.MaxConcurrentTasksPerApiKey = 1000).WaitAsync(s_timeout);
        var (pool, client) = Create(emulator.ConnectionString, RunwarePoolTests.FastOptions(2));
        await using var _ = pool;

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => client.GenerateImagesAsync(Image(seed: 1 + i * 7))))
            .WaitAsync(TimeSpan.FromMinutes(3));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(1 + i * 7, Assert.Single(results[i].Images).Seed);
        }

        Assert.Equal(1000, results.Select(result => result.Images[0].ImageUuid).Distinct().Count());
        Assert.Equal(1000, results.Select(result => result.TaskUuid).Distinct().Count());
        Assert.Equal(0, pool.InFlight);
        Assert.Equal(2, pool.AuthenticatedConnections);
    }

    [Fact]
    public async Task Pool_aggregates_numberResults_images_from_the_emulator()
    {
        await using var emulator = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        var (pool, client) = Create(emulator.ConnectionString, RunwarePoolTests.FastOptions(1));
        await using var _ = pool;

        var result = await client.GenerateImagesAsync(Image(seed: 500, numberResults: 4)).WaitAsync(s_timeout);

        Assert.Equal([500L, 501L, 502L, 503L], result.Images.Select(image => image.Seed!.Value).Order());
        Assert.All(result.Images, image => Assert.StartsWith("http://", image.ImageUrl));
        Assert.NotNull(result.Cost);
    }

    [Fact]
    public async Task Pool_finishes_tasks_in_flight_on_a_new_connection_when_the_emulator_drops_its_sockets()
    {
        await using var emulator = await EmulatorServer.StartAsync(options => Delay(options, 1500)).WaitAsync(s_timeout);
        var (pool, client) = Create(emulator.ConnectionString, RunwarePoolTests.FastOptions(2));
        await using var _ = pool;
        await pool.WaitUntilReadyAsync(2).WaitAsync(s_timeout);
        var calls = Enumerable.Range(0, 20).Select(i => client.GenerateImagesAsync(Image(seed: 100 + i))).ToArray();
        await Eventually.WaitUntilAsync(() => emulator.Stats.TasksReceived >= 20, s_timeout, "20 tasks at the emulator");

        await emulator.DropSocketsAsync();
        var results = await Task.WhenAll(calls).WaitAsync(s_timeout);

        Assert.Equal(Enumerable.Range(100, 20).Select(i => (long)i), results.Select(result => result.Images[0].Seed!.Value));
        Assert.True(emulator.Stats.TasksReceived >= 40, $"every task is sent again ({emulator.Stats.TasksReceived} received)");
        Assert.Equal(0, pool.InFlight);
    }

    [Fact]
    public async Task Pool_speaks_wss_and_sends_an_upload_larger_than_one_socket_write()
    {
        await using var emulator = await EmulatorServer.StartAsync(options => options.MaxConcurrentTasksPerApiKey = 200).WaitAsync(s_timeout);
        await using var relay = new TlsRelay(emulator.WebSocketUri.Port);
        var options = RunwarePoolTests.FastOptions(2);
        var pinned = relay.Certificate.GetCertHashString();
        options.ConfigureTls = tls => tls.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate?.GetCertHashString() == pinned;
        var (pool, client) = Create($"Endpoint=wss://localhost:{relay.Port}/v1;ApiKey={emulator.ApiKey}", options);
        await using var _ = pool;
        var noise = new RgbaImage(420, 420);
        Random.Shared.NextBytes(noise.Pixels);
        var large = "data:image/png;base64," + Convert.ToBase64String(ImageCodec.Encode(noise, ImageFormat.Png));

        var uploaded = client.UploadImageAsync(large);
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => client.GenerateImagesAsync(Image(seed: 7000 + i))))
            .WaitAsync(s_timeout);

        Assert.True(large.Length > 512 * 1024, $"the upload is {large.Length} bytes");
        Assert.NotNull((await uploaded.WaitAsync(s_timeout)).ImageUuid);
        Assert.Equal(Enumerable.Range(7000, 100).Select(i => (long)i), results.Select(result => result.Images[0].Seed!.Value));
        Assert.True(relay.Handshakes >= 1);
        Assert.Equal(0, pool.InFlight);
    }

    [Fact]
    public async Task Pool_reconnects_and_serves_again_when_the_emulator_restarts()
    {
        var first = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        await using var relay = new TcpRelay(first.WebSocketUri.Port);
        var connectionString = $"Endpoint=ws://127.0.0.1:{relay.Port}/v1;ApiKey={first.ApiKey}";
        var (pool, client) = Create(connectionString, RunwarePoolTests.FastOptions(2));
        await using var _ = pool;
        Assert.Equal(1L, (await client.GenerateImagesAsync(Image(seed: 1)).WaitAsync(s_timeout)).Images[0].Seed);

        await first.DisposeAsync();
        await Eventually.WaitUntilAsync(() => pool.AuthenticatedConnections == 0, s_timeout, "the pool to notice the restart");
        await using var second = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        relay.TargetPort = second.WebSocketUri.Port;
        await pool.WaitUntilReadyAsync(2).WaitAsync(s_timeout);

        var result = await client.GenerateImagesAsync(Image(seed: 2)).WaitAsync(s_timeout);
        Assert.Equal(2L, result.Images[0].Seed);
        Assert.True(second.Stats.TotalConnections >= 2);
    }

    [Fact]
    public async Task Pool_fails_fast_with_a_typed_error_and_one_attempt_when_the_emulator_refuses_the_key()
    {
        await using var emulator = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        var (pool, client) = Create($"Endpoint={emulator.WebSocketUri};ApiKey=invalid-api-key", RunwarePoolTests.FastOptions(4));
        await using var _ = pool;

        var exception = await Assert.ThrowsAsync<RunwareAuthenticationException>(() => client.GenerateImagesAsync(Image(1)).WaitAsync(s_timeout));
        await Assert.ThrowsAsync<RunwareAuthenticationException>(() => client.GenerateImagesAsync(Image(2)).WaitAsync(s_timeout));

        Assert.Equal("invalidApiKey", exception.Code);
        Assert.DoesNotContain("invalid-api-key", exception.ToString());
        Assert.Equal(1, pool.ConnectAttempts);
        Assert.Equal(1, emulator.Stats.AuthFailures);
    }

    [Fact]
    public async Task Pool_times_out_a_stalled_task_and_frees_its_slot()
    {
        await using var emulator = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        await emulator.SetFaultsAsync(new FaultSettings { StallTaskTypes = ["imageInference"] });
        var options = RunwarePoolTests.FastOptions(1);
        options.TaskTimeouts["imageInference"] = TimeSpan.FromMilliseconds(300);
        var (pool, client) = Create(emulator.ConnectionString, options);
        await using var _ = pool;

        await Assert.ThrowsAsync<RunwareTimeoutException>(() => client.GenerateImagesAsync(Image(1)).WaitAsync(s_timeout));

        Assert.Equal(0, pool.InFlight);
        await emulator.ClearFaultsAsync();
        Assert.Single((await client.GenerateImagesAsync(Image(2)).WaitAsync(s_timeout)).Images);
    }

    [Fact]
    public async Task Client_gives_up_on_a_transient_error_after_its_retries_and_reports_the_code()
    {
        await using var emulator = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        await emulator.SetFaultsAsync(new FaultSettings { TaskErrors = { ["imageInference"] = new TaskErrorFault { Rate = 1, Code = "timeoutProvider" } } });
        var (pool, client) = Create(emulator.ConnectionString, RunwarePoolTests.FastOptions(1));
        await using var _ = pool;

        var exception = await Assert.ThrowsAsync<RunwareException>(() => client.GenerateImagesAsync(Image(1)).WaitAsync(s_timeout));

        Assert.Equal("timeoutProvider", exception.Code);
        Assert.True(exception.IsTransient);
        Assert.Equal(3, emulator.Stats.TasksReceived);
    }

    [Fact]
    public async Task Client_runs_every_typed_task_against_the_emulator()
    {
        await using var emulator = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        var (pool, client) = Create(emulator.ConnectionString, RunwarePoolTests.FastOptions(1));
        await using var _ = pool;

        var uploaded = await client.UploadImageAsync(TinyPng).WaitAsync(s_timeout);
        var generated = await client.GenerateImagesAsync(Image(seed: 9) with { Width = 256, Height = 256 }).WaitAsync(s_timeout);
        var source = generated.Images[0].ImageUuid!;
        var inpainted = await client.GenerateImagesAsync(Image(seed: 10) with { SeedImage = source, MaskImage = source, Strength = 0.5 })
            .WaitAsync(s_timeout);
        var cutOut = await client.RemoveBackgroundAsync(new RemoveBackgroundRequest { InputImage = source }).WaitAsync(s_timeout);
        var upscaled = await client.UpscaleAsync(new UpscaleRequest { InputImage = source, UpscaleFactor = 2 }).WaitAsync(s_timeout);
        var caption = await client.CaptionAsync(new CaptionRequest { InputImage = source }).WaitAsync(s_timeout);
        var prompts = await client.EnhancePromptAsync(new PromptEnhanceRequest { Prompt = "dog", PromptVersions = 2 }).WaitAsync(s_timeout);
        var models = await client.SearchModelsAsync(new ModelSearchRequest { Search = "flux", Limit = 3 }).WaitAsync(s_timeout);
        var progress = new List<RunwareTaskProgress>();
        var video = await client.GenerateVideoAsync(new VideoInferenceRequest
        {
            Model = "klingai:5@3", PositivePrompt = "slow pan over a lake", Duration = 1, Width = 320, Height = 192,
        }, new Progress<RunwareTaskProgress>(progress.Add)).WaitAsync(s_timeout);

        Assert.NotNull(uploaded.ImageUuid);
        Assert.Single(inpainted.Images);
        Assert.NotNull(cutOut.ImageUrl);
        Assert.NotNull(upscaled.ImageUrl);
        Assert.False(string.IsNullOrWhiteSpace(caption.Text));
        Assert.Equal(2, prompts.Count);
        Assert.Contains(models.Results, model => model.Air.Length > 0);
        Assert.NotNull(Assert.Single(video.Videos).VideoUrl ?? video.Videos[0].MediaUrl);
    }

    [Fact]
    public async Task Rest_transport_serves_the_same_client_against_the_emulator()
    {
        await using var emulator = await EmulatorServer.StartAsync().WaitAsync(s_timeout);
        var options = RunwarePoolTests.FastOptions(1);
        using var rest = new Rest.RunwareRestTransport(
            RunwareConnectionString.Parse($"Endpoint={emulator.RestUri};ApiKey={emulator.ApiKey};Transport=rest"), options);
        var client = new RunwareClient(rest, options);

        var result = await client.GenerateImagesAsync(Image(seed: 77, numberResults: 2)).WaitAsync(s_timeout);

        Assert.Equal([77L, 78L], result.Images.Select(image => image.Seed!.Value).Order());
    }

    [Fact]
    public async Task Account_cap_holds_across_two_pools_sharing_a_Redis_semaphore()
    {
        await using var emulator = await EmulatorServer.StartAsync(options => Delay(options, 150)).WaitAsync(s_timeout);
        await using var redis = new RedisClient(TestInfrastructure.RedisConnectionString);
        var semaphore = new RedisSemaphore(redis, Options.Create(new RedisOptions { KeyPrefix = TestInfrastructure.CreateKeyPrefix("runware") }));
        var options = RunwarePoolTests.FastOptions(2);
        options.AccountConcurrencyCap = 3;
        var gauge = new ConcurrencyGauge(new RedisRunwareConcurrencyLimiter(semaphore, options));
        var (poolA, clientA) = Create(emulator.ConnectionString, options, gauge);
        var (poolB, clientB) = Create(emulator.ConnectionString, options, gauge);
        await using var _ = poolA;
        await using var __ = poolB;

        var results = await Task.WhenAll(Enumerable.Range(0, 24)
            .Select(i => (i % 2 == 0 ? clientA : clientB).GenerateImagesAsync(Image(seed: 1000 + i))))
            .WaitAsync(s_timeout);

        Assert.Equal(24, results.Length);
        Assert.Equal(3, gauge.Max);
        await Eventually.WaitUntilAsync(async () => await semaphore.CountAsync(options.AccountConcurrencyKey) == 0, s_timeout,
            "every lease to be released");
    }

    /// <summary>Counts leases held at once across both pools.</summary>
    private sealed class ConcurrencyGauge(IRunwareConcurrencyLimiter inner) : IRunwareConcurrencyLimiter
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public async ValueTask<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken)
        {
            var lease = await inner.AcquireAsync(cancellationToken);
            var current = Interlocked.Increment(ref _current);
            int seen;
            while ((seen = Volatile.Read(ref _max)) < current && Interlocked.CompareExchange(ref _max, current, seen) != seen)
            {
            }

            return new Lease(this, lease);
        }

        private sealed class Lease(ConcurrencyGauge gauge, IAsyncDisposable inner) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                Interlocked.Decrement(ref gauge._current);
                return inner.DisposeAsync();
            }
        }
    }
}
