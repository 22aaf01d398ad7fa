using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RunwareCloud.Redis;

// Usage: RunwareCloud.Bench.Redis <port> <output.json> [requests] [callers] [rounds]
// Alternates redis-benchmark and our client for several rounds against the same server and keeps the best of each,
// so that a burst of load from elsewhere on the machine does not decide the comparison.
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var output = args[1];
var requests = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000;
var callers = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 64;
var rounds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3;
var baselineArguments = $"-p {port} -c {callers} -t get,set -n {requests} -q";

await using var client = new RedisClient($"127.0.0.1:{port}");
var value = "xxx"u8.ToArray();

// Warm-up: JIT, tiering and the connection, so the timed runs measure steady state.
await RunAsync(client, 50_000, callers, c => c.ExecuteAsync("SET", "key:__rand_int__", value));
await RunAsync(client, 50_000, callers, c => c.ExecuteAsync("GET", "key:__rand_int__"));

double bestSet = 0, bestGet = 0, baselineSet = 0, baselineGet = 0;
for (var round = 1; round <= rounds; round++)
{
    var (roundBaselineSet, roundBaselineGet) = await RedisBenchmarkAsync(baselineArguments);
    var set = await RunAsync(client, requests, callers, c => c.ExecuteAsync("SET", "key:__rand_int__", value));
    var get = await RunAsync(client, requests, callers, c => c.ExecuteAsync("GET", "key:__rand_int__"));
    Console.WriteLine($"round {round}: redis-benchmark SET {roundBaselineSet:F0} GET {roundBaselineGet:F0} | RunwareCloud.Redis SET {set:F0} GET {get:F0} ops/s");
    (baselineSet, baselineGet) = (Math.Max(baselineSet, roundBaselineSet), Math.Max(baselineGet, roundBaselineGet));
    (bestSet, bestGet) = (Math.Max(bestSet, set), Math.Max(bestGet, get));
}

var report = new JsonObject
{
    ["benchmark"] = "redis",
    ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    ["machine"] = new JsonObject
    {
        ["cores"] = Environment.ProcessorCount,
        ["memory"] = $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB",
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    },
    ["command"] = $"./bench/run.sh redis: {callers} concurrent callers on one RunwareCloud.Redis connection vs redis-benchmark {baselineArguments}, "
        + $"{requests} requests each, best of {rounds} alternating rounds, dedicated redis-server 7, Release",
    ["results"] = new JsonArray(
        Result($"SET throughput, {callers} concurrent callers", bestSet, baselineSet),
        Result($"GET throughput, {callers} concurrent callers", bestGet, baselineGet)),
};
var json = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
await File.WriteAllTextAsync(output, report.ToJsonString(json) + "\n");
Console.WriteLine($"SET {bestSet:F0} ops/s vs {baselineSet:F0} ({bestSet / baselineSet:F2}x); GET {bestGet:F0} ops/s vs {baselineGet:F0} ({bestGet / baselineGet:F2}x)");

static JsonObject Result(string metric, double value, double baseline)
{
    var ratio = value / baseline;
    return new JsonObject
    {
        ["metric"] = metric,
        ["unit"] = "ops/s",
        ["value"] = Math.Round(value),
        ["baseline"] = Math.Round(baseline),
        ["ratio"] = Math.Round(ratio, 2),
        ["target"] = ">= 1.0x redis-benchmark",
        ["met"] = ratio >= 1.0,
    };
}

static async Task<(double Set, double Get)> RedisBenchmarkAsync(string arguments)
{
    using var process = Process.Start(new ProcessStartInfo("redis-benchmark", arguments) { RedirectStandardOutput = true })
        ?? throw new InvalidOperationException("redis-benchmark did not start.");
    var text = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    return (Parse(text, "SET"), Parse(text, "GET"));

    static double Parse(string text, string test) =>
        double.Parse(Regex.Matches(text, $@"{test}: ([0-9.]+) requests per second")[^1].Groups[1].Value, CultureInfo.InvariantCulture);
}

static async Task<double> RunAsync(IRedisClient client, int requests, int callers, Func<IRedisClient, Task<RedisReply>> call)
{
    var next = -1;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
    {
        while (Interlocked.Increment(ref next) < requests)
        {
            var reply = await call(client);
            if (reply.IsError)
            {
                throw new InvalidOperationException(reply.ErrorMessage);
            }
        }
    })));
    return requests / stopwatch.Elapsed.TotalSeconds;
}
