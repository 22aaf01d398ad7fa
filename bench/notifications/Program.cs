using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Testing;

// Event-to-client latency of notifications-api: N Server-Sent Events connections (one user each) on one instance while
// GenerationProgressed events are published on the bus at a fixed rate to random connected users. Latency is measured
// from the publish call (the event's own timestamp) to the moment the client reads the event, in this process.
// Usage: <api dll> <results json> [connections=10000] [events/s=1000] [seconds=20] [baseline connections=100]
var apiDll = args[0];
var resultsPath = args[1];
var connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
var rate = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1_000;
var seconds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20;
var baselineConnections = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 100;
const string SigningKey = "notifications-bench-signing-key-0123456789";
const int WarmUpSeconds = 8;

var database = await TestInfrastructure.CreateDatabaseAsync("notifybench");
var vhost = await TestInfrastructure.CreateVirtualHostAsync("notifybench");
var port = FreePort();
var api = Process.Start(new ProcessStartInfo("dotnet", [apiDll])
{
    Environment =
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__notificationsdb"] = database,
        ["ConnectionStrings__messaging"] = vhost,
        ["ConnectionStrings__redis"] = TestInfrastructure.RedisConnectionString,
        ["Identity__SigningKey"] = SigningKey,
        ["Notifications__KeyPrefix"] = TestInfrastructure.CreateKeyPrefix("notifybench"),
        ["Logging__LogLevel__Default"] = "Warning",
    },
    UseShellExecute = false,
})!;
try
{
    var baseAddress = new Uri($"http://127.0.0.1:{port}/");
    using var http = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    }) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    await Eventually.WaitUntilAsync(async () => (await http.GetAsync("/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "notifications-api to be healthy");

    var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(vhost)));
    await bus.StartAsync();
    await Eventually.WaitUntilAsync(QueueHasConsumerAsync, TimeSpan.FromSeconds(60), "the notifications queue to have its consumer");

    var loadAtStart = LoadAverage();
    var idleRss = ResidentMiB(api.Id);
    Console.Error.WriteLine($"API idle: {idleRss:0} MiB RSS");
    // A first, unrecorded phase: a cold API and client lagged by seconds in whatever phase came first.
    await RunPhaseAsync(baselineConnections);
    var baseline = await RunPhaseAsync(baselineConnections);
    var full = await RunPhaseAsync(connections);
    await bus.StopAsync();

    var results = new List<object>
    {
        Metric($"event-to-client latency p99, {full.Connected:N0} SSE connections, {rate:N0} events/s", "ms", full.P99, baseline.P99, "<= 100 ms", full.P99 is >= 0 and <= 100),
        Metric($"event-to-client latency p50, {full.Connected:N0} SSE connections, {rate:N0} events/s", "ms", full.P50, baseline.P50, "recorded", true),
        Metric("SSE connections held on one instance", "connections", full.Connected, baseline.Connected, $">= {connections:N0}", full.Connected >= connections),
        Metric("events delivered (of published during measurement)", "%", full.DeliveredPercent, baseline.DeliveredPercent, "100 %", full.DeliveredPercent >= 100),
        Metric("achieved publish rate", "events/s", full.PublishRate, baseline.PublishRate, $">= {rate * 0.95:0}", full.PublishRate >= rate * 0.95),
        Metric($"notifications-api resident memory with {full.Connected:N0} streams (baseline: {baseline.Connected} streams)", "MiB", full.RssMiB, baseline.RssMiB, "recorded", true),
        Metric("notifications-api memory per stream (above idle)", "KiB", Math.Round((full.RssMiB - idleRss) * 1024 / Math.Max(1, full.Connected), 1), null, "recorded", true),
        Metric("notifications-api peak resident memory (VmHWM)", "MiB", PeakMiB(api.Id), idleRss, "recorded", true),
        Metric("notifications-api CPU per event (consume, log, fan out, write to streams)", "µs", full.ApiCpuMicrosPerEvent, baseline.ApiCpuMicrosPerEvent, "recorded", true),
        Metric("load client CPU per event (publish, read streams)", "µs", full.ClientCpuMicrosPerEvent, baseline.ClientCpuMicrosPerEvent, "recorded", true),
    };
    var loadAtEnd = LoadAverage();
    var document = new
    {
        benchmark = "notifications",
        date = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        machine = new { loadAverageAtStart = loadAtStart, loadAverageAtEnd = loadAtEnd, cores = Environment.ProcessorCount, memory = $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB", os = OsName() },
        command = $"./bench/run.sh notifications {connections} {rate} {seconds} {baselineConnections}: one notifications-api (Release) on Postgres, Redis and RabbitMQ of this machine; "
            + $"{connections} SSE clients (one user each) and the bus publisher in one .NET process on the same 2 cores; {seconds} s measured after {WarmUpSeconds} s warm-up; baseline = same rate with {baselineConnections} connections, after an unrecorded phase of the same size that warms both processes",
        results,
    };
    await File.WriteAllTextAsync(resultsPath, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"p99 {full.P99:0.#} ms (baseline {baseline.P99:0.#} ms at {baseline.Connected} connections), p50 {full.P50:0.#} ms, {full.Connected:N0} streams, "
        + $"{full.PublishRate:0} events/s, {full.DeliveredPercent:0.##}% delivered, API RSS {full.RssMiB:0} MiB ({idleRss:0} MiB idle), "
        + $"API CPU {full.ApiCpuMicrosPerEvent:0} µs/event, load average {loadAtStart} → {loadAtEnd}");

    async Task<PhaseResult> RunPhaseAsync(int count)
    {
        var latencies = new ConcurrentBag<double>();
        var recording = 0;
        using var stop = new CancellationTokenSource();
        var users = new Guid[count];
        var readers = new ConcurrentBag<Task>();
        var connected = 0;
        using var gate = new SemaphoreSlim(200);
        var opening = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            users[i] = Guid.NewGuid();
            var user = users[i];
            await gate.WaitAsync();
            opening.Add(Task.Run(async () =>
            {
                try
                {
                    var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    readers.Add(ReadStreamAsync(user, ready, latencies, () => Volatile.Read(ref recording) == 1, stop.Token));
                    await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
                    Interlocked.Increment(ref connected);
                }
                catch (Exception exception)
                {
                    Console.Error.WriteLine($"connect failed: {exception.GetType().Name}: {exception.Message}");
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(opening);
        Console.Error.WriteLine($"{connected} of {count} streams open; API RSS {ResidentMiB(api.Id):0} MiB");

        // Long enough for the API's hot paths to be compiled by the optimising tier, so the first phase is not measuring the JIT.
        await PublishAsync(users, TimeSpan.FromSeconds(WarmUpSeconds));
        // A backlog built while the code was still cold is drained before measuring, so it does not count against the phase.
        await Eventually.WaitUntilAsync(QueueIsEmptyAsync, TimeSpan.FromMinutes(2), "the warm-up backlog to drain").ContinueWith(_ => { });
        Volatile.Write(ref recording, 1);
        var (apiCpuBefore, clientCpuBefore) = (CpuSeconds(api.Id), CpuSeconds(Environment.ProcessId));
        var (published, elapsed) = await PublishAsync(users, TimeSpan.FromSeconds(seconds));
        var (apiCpu, clientCpu) = (CpuSeconds(api.Id) - apiCpuBefore, CpuSeconds(Environment.ProcessId) - clientCpuBefore);
        await Eventually.WaitUntilAsync(() => latencies.Count >= published, TimeSpan.FromSeconds(10), "the last events").ContinueWith(_ => { });
        Volatile.Write(ref recording, 0);
        var rss = ResidentMiB(api.Id);
        await stop.CancelAsync();
        await Task.WhenAll(readers).ContinueWith(_ => { });
        // The next phase starts on an empty queue, so a backlog left by this one cannot count against it.
        await Eventually.WaitUntilAsync(QueueIsEmptyAsync, TimeSpan.FromMinutes(5), "the queue to drain").ContinueWith(_ => { });

        var sorted = latencies.Order().ToArray();
        var result = new PhaseResult(
            connected,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.99),
            Math.Round(100.0 * sorted.Length / Math.Max(1, published), 2),
            Math.Round(published / elapsed.TotalSeconds, 0),
            Math.Round(rss, 0),
            Math.Round(apiCpu * 1e6 / Math.Max(1, published), 0),
            Math.Round(clientCpu * 1e6 / Math.Max(1, published), 0));
        Console.Error.WriteLine($"phase {count}: {result}");
        return result;
    }

    async Task<(int Published, TimeSpan Elapsed)> PublishAsync(Guid[] users, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var published = 0;
        var inFlight = new List<Task>();
        while (clock.Elapsed < duration)
        {
            var due = (int)(clock.Elapsed.TotalSeconds * rate);
            while (published < due)
            {
                var user = users[Random.Shared.Next(users.Length)];
                inFlight.Add(bus.Publish(new GenerationProgressed
                {
                    JobId = Guid.NewGuid(), UserId = user, CorrelationId = Guid.NewGuid(), Progress = 50, Stage = "bench", At = DateTimeOffset.UtcNow,
                }));
                published++;
            }

            if (inFlight.Count >= 64)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
            else
            {
                await Task.Delay(5);
            }
        }

        await Task.WhenAll(inFlight);
        return (published, clock.Elapsed);
    }

    async Task ReadStreamAsync(Guid user, TaskCompletionSource ready, ConcurrentBag<double> latencies, Func<bool> recording, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/stream");
            request.Headers.Authorization = new("Bearer", Token(user));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8, false, 512);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith(": connected", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && recording())
                {
                    var at = line.LastIndexOf("\"at\":\"", StringComparison.Ordinal) + 6;
                    var sent = DateTimeOffset.Parse(line.AsSpan(at, line.IndexOf('"', at) - at), CultureInfo.InvariantCulture);
                    latencies.Add((DateTimeOffset.UtcNow - sent).TotalMilliseconds);
                }
            }
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        catch (Exception exception)
        {
            ready.TrySetException(exception);
        }
    }

    async Task<bool> QueueHasConsumerAsync() => await QueueAsync() is { } queue && queue.GetProperty("consumers").GetInt32() > 0;

    async Task<bool> QueueIsEmptyAsync() => await QueueAsync() is { } queue && queue.TryGetProperty("messages", out var messages) && messages.GetInt32() == 0;

    async Task<JsonElement?> QueueAsync()
    {
        var name = Uri.EscapeDataString(new Uri(vhost).AbsolutePath.TrimStart('/'));
        using var request = TestInfrastructure.ManagementRequest(HttpMethod.Get, $"api/queues/{name}/user-events", null);
        using var management = new HttpClient();
        using var response = await management.SendAsync(request);
        return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : null;
    }
}
finally
{
    api.Kill(entireProcessTree: true);
    await api.WaitForExitAsync();
}

static string Token(Guid user)
{
    static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    var header = Encode(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
    var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["sub"] = user.ToString(), ["name"] = "bench", ["role"] = "user", ["iss"] = "runwarecloud", ["aud"] = "runwarecloud",
        ["nbf"] = now - 60, ["exp"] = now + 3600,
    }));
    var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningKey), Encoding.ASCII.GetBytes($"{header}.{payload}")));
    return $"{header}.{payload}.{signature}";
}

static double Percentile(double[] sorted, double quantile) =>
    sorted.Length == 0 ? -1 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)], 1);

static object Metric(string metric, string unit, double value, double? baseline, string target, bool met) => new
{
    metric, unit, value, baseline, ratio = baseline is > 0 && value >= 0 ? Math.Round(value / baseline.Value, 2) : (double?)null, target, met,
};

static double ResidentMiB(int pid) => StatusKiB(pid, "VmRSS:") / 1024.0;

static double PeakMiB(int pid) => Math.Round(StatusKiB(pid, "VmHWM:") / 1024.0, 0);

static long StatusKiB(int pid, string field) =>
    long.Parse(File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith(field, StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

// utime + stime of a process, in seconds (clock ticks are 1/100 s on Linux).
static double CpuSeconds(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string OsName() =>
    File.Exists("/etc/os-release")
        ? File.ReadLines("/etc/os-release").FirstOrDefault(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? "Linux"
        : Environment.OSVersion.ToString();

internal sealed record PhaseResult(
    int Connected, double P50, double P99, double DeliveredPercent, double PublishRate, double RssMiB, double ApiCpuMicrosPerEvent, double ClientCpuMicrosPerEvent);
