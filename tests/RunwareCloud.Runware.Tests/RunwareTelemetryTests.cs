using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using RunwareCloud.Runware.Pool;
using RunwareCloud.Runware.Telemetry;
using RunwareCloud.Runware.Tests.Fakes;

namespace RunwareCloud.Runware.Tests;

public sealed class RunwareTelemetryTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);
    private FakeRunwareServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeRunwareServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static ImageInferenceRequest Image(string prompt) => new() { Model = "runware:100@1", PositivePrompt = prompt, NumberResults = 2 };

    [Fact]
    public async Task Pool_records_a_span_and_a_duration_per_task()
    {
        var marker = $"telemetry {Guid.NewGuid():N}";
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RunwareTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var durations = new ConcurrentQueue<(double Value, string? TaskType)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listening) =>
        {
            if (instrument.Meter.Name == RunwareTelemetry.Name && instrument.Name == "runware.task.duration")
            {
                listening.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "runware.task_type")
                {
                    durations.Enqueue((value, tag.Value as string));
                }
            }
        });
        meters.Start();
        var options = RunwarePoolTests.FastOptions(1);
        await using var pool = new RunwarePool(RunwareConnectionString.Parse(_server.ConnectionString()), options);

        var result = await new RunwareClient(pool, options).GenerateImagesAsync(Image(marker)).WaitAsync(s_timeout);

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("runware.task_uuid") == result.TaskUuid.ToString());
        Assert.Equal("imageInference", span.GetTagItem("runware.task_type"));
        Assert.Equal("runware:100@1", span.GetTagItem("runware.model"));
        Assert.Equal(2, span.GetTagItem("runware.result_count"));
        Assert.Equal(0.002, (double)span.GetTagItem("runware.cost")!, 6);
        Assert.Contains(durations, d => d.TaskType == "imageInference" && d.Value > 0);
    }

    [Fact]
    public async Task Health_check_is_healthy_only_with_an_authenticated_connection()
    {
        var options = RunwarePoolTests.FastOptions(1);
        await using var pool = new RunwarePool(RunwareConnectionString.Parse(_server.ConnectionString()), options);
        var check = new RunwareHealthCheck(pool);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("runware", check, null, ["ready"]) };
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(context)).Status);

        await pool.WaitUntilReadyAsync().WaitAsync(s_timeout);

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);
    }

    [Fact]
    public async Task Pool_never_writes_the_api_key_to_logs()
    {
        const string Key = "sk-never-log-this-77";
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var options = RunwarePoolTests.FastOptions(1);
        await using (var bad = new RunwarePool(RunwareConnectionString.Parse(_server.ConnectionString(Key)), options, logger: factory.CreateLogger<RunwarePool>()))
        {
            await Assert.ThrowsAsync<RunwareAuthenticationException>(() => bad.WaitUntilReadyAsync().WaitAsync(s_timeout));
        }

        await using (var good = new RunwarePool(RunwareConnectionString.Parse(_server.ConnectionString()), options, logger: factory.CreateLogger<RunwarePool>()))
        {
            await new RunwareClient(good, options).GenerateImagesAsync(Image("log me")).WaitAsync(s_timeout);
            _server.DropAll();
            await Eventually.WaitUntilAsync(() => _server.AuthenticationAttempts >= 3, s_timeout, "a reconnect");
        }

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Key) || line.Contains(FakeRunwareServer.GoodKey));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{formatter(state, exception)} {exception}");
        }
    }
}
