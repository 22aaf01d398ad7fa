using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RunwareCloud.Runware;
using RunwareCloud.Runware.Pool;

// Usage: RunwareCloud.Bench.Pool <ws-url> <api-key> <sdk-package-dir> <output.json> [seconds-per-run] [rounds] [levels, e.g. 1,16,256] [ours]
// With "ours" last, only our pool runs and the best CPU per task of each level is printed ("c=1 cpu 52.3"), no report.
// At 1, 16 and 256 concurrent tasks (closed loop, imageInference 128×128), runs our pool and the official
// @runware/sdk-js against the same emulator, alternating rounds; the best round of each counts, so that a burst of
// load from elsewhere on the machine does not decide the comparison.
var url = args[0];
var apiKey = args[1];
var sdkDir = args[2];
var output = args[3];
var seconds = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 8;
var rounds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 2;
int[] levels = args.Length > 6 ? [.. args[6].Split(',').Select(level => int.Parse(level, CultureInfo.InvariantCulture))] : [1, 16, 256];

var options = new RunwarePoolOptions { MaxQueueLength = 100_000 };
await using var pool = new RunwarePool(RunwareConnectionString.Parse($"Endpoint={url};ApiKey={apiKey}"), options);
var client = new RunwareClient(pool, options);
await pool.WaitUntilReadyAsync(options.Connections);
// Warm-up at both ends of the range, so tiered JIT compilation is done before anything is measured.
await RunOursAsync(32, 3);
await RunOursAsync(1, 2);

if (args.Length > 7 && args[7] == "ours")
{
    foreach (var level in levels)
    {
        var runs = new List<Run>();
        for (var round = 0; round < rounds; round++)
        {
            runs.Add(await RunOursAsync(level, seconds));
        }

        var best = runs.MinBy(run => run.CpuPerTask)!;
        Console.Error.WriteLine($"ours only c={level}: " + string.Join(", ", runs.Select(run => $"{run.Throughput:F0}/s cpu {run.CpuPerTask:F1} µs")));
        Console.WriteLine(FormattableString.Invariant($"c={level} cpu {best.CpuPerTask:F1} throughput {best.Throughput:F0}"));
    }

    return;
}

var ours = levels.ToDictionary(level => level, _ => (Run?)null);
var sdk = levels.ToDictionary(level => level, _ => (Run?)null);
for (var round = 0; round < rounds; round++)
{
    foreach (var level in levels)
    {
        var mine = await RunOursAsync(level, seconds);
        var theirs = await RunSdkAsync(level, seconds);
        Console.Error.WriteLine($"round {round + 1} c={level}: ours {mine.Throughput:F0}/s p99 {mine.P99:F1} ms cpu {mine.CpuPerTask:F1} µs ({mine.Errors} errors) | " +
            $"sdk {theirs.Throughput:F0}/s p99 {theirs.P99:F1} ms cpu {theirs.CpuPerTask:F1} µs ({theirs.Errors} errors)");
        ours[level] = Best(ours[level], mine);
        sdk[level] = Best(sdk[level], theirs);
    }
}

var results = new JsonArray();
var summary = new List<string>();
foreach (var level in levels)
{
    var (mine, theirs) = (ours[level]!, sdk[level]!);
    var ratio = Math.Round(mine.Throughput / theirs.Throughput, 2);
    var goal = level == 256 ? 3.0 : 1.0;
    results.Add(Metric($"throughput, {level} concurrent tasks", "tasks/s", Math.Round(mine.Throughput), Math.Round(theirs.Throughput), ratio,
        level == 256 ? ">= 1.0x @runware/sdk-js (goal 3x)" : ">= 1.0x @runware/sdk-js", ratio >= 1.0));
    results.Add(Metric($"p99 latency, {level} concurrent tasks (ratio = sdk / ours)", "ms", Math.Round(mine.P99, 1), Math.Round(theirs.P99, 1),
        Math.Round(theirs.P99 / mine.P99, 2), "<= @runware/sdk-js", mine.P99 <= theirs.P99));
    results.Add(Metric($"client CPU per task, {level} concurrent tasks (ratio = sdk / ours)", "µs", Math.Round(mine.CpuPerTask, 1),
        Math.Round(theirs.CpuPerTask, 1), Math.Round(theirs.CpuPerTask / mine.CpuPerTask, 2), "<= 100 µs", mine.CpuPerTask <= 100));
    summary.Add($"c={level}: {mine.Throughput:F0} vs {theirs.Throughput:F0} tasks/s ({ratio:F2}x{(ratio >= goal ? "" : level == 256 ? ", goal 3x not reached" : ", BELOW")}), " +
        $"p99 {mine.P99:F0} vs {theirs.P99:F0} ms, {mine.CpuPerTask:F0} µs CPU/task");
}

var report = new JsonObject
{
    ["benchmark"] = "pool",
    ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    ["machine"] = new JsonObject
    {
        ["cores"] = Environment.ProcessorCount,
        ["memory"] = $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB",
        ["os"] = OsName(),
    },
    ["command"] = $"./bench/run.sh pool: imageInference 128x128 against the emulator's fast profile (separate process), closed loop at 1/16/256 " +
        $"concurrent tasks, {seconds:0.#} s per run, best of {rounds} alternating rounds; ours = RunwarePool ({options.Connections} connections, Release) " +
        "vs @runware/sdk-js 1.3.2 (Node, one socket); CPU = process CPU time / tasks; results are asked for by URL and not fetched, so the " +
        "emulator paints none of them (it paints a URL-only result when it is first fetched) and both clients meet the same fast server",
    ["results"] = results,
};
await File.WriteAllTextAsync(output, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
Console.WriteLine(string.Join("; ", summary));
return;

async Task<Run> RunOursAsync(int concurrency, double duration)
{
    var latencies = new List<double>[concurrency];
    var errors = 0;
    var next = 0L;
    GC.Collect();
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var started = Stopwatch.GetTimestamp();
    var deadline = started + (long)(duration * Stopwatch.Frequency);
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
    {
        var mine = latencies[worker] = new List<double>(4096);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var seed = 1000 + Interlocked.Increment(ref next);
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                var result = await client.GenerateImagesAsync(new ImageInferenceRequest
                {
                    Model = "runware:100@1", PositivePrompt = "a lighthouse number " + seed, Width = 128, Height = 128, Steps = 4, Seed = seed,
                });
                if (result.Images.Count != 1 || result.Images[0].Seed != seed)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref errors);
            }
        }
    })));
    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuBefore;
    var all = latencies.SelectMany(list => list).Order().ToArray();
    return new Run(all.Length, errors, all.Length / elapsed, Percentile(all, 0.99), cpu.TotalMicroseconds / Math.Max(1, all.Length));
}

async Task<Run> RunSdkAsync(int concurrency, double duration)
{
    var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "sdk-bench.mjs"), sdkDir, url, apiKey,
        concurrency.ToString(CultureInfo.InvariantCulture), duration.ToString(CultureInfo.InvariantCulture)])
    {
        RedirectStandardOutput = true,
    };
    using var node = Process.Start(start)!;
    var line = (await node.StandardOutput.ReadToEndAsync()).Trim().Split('\n')[^1];
    await node.WaitForExitAsync();
    var json = JsonNode.Parse(line)!;
    return new Run(json["tasks"]!.GetValue<int>(), json["errors"]!.GetValue<int>(), json["throughput"]!.GetValue<double>(),
        json["p99"]!.GetValue<double>(), json["cpuPerTaskMicroseconds"]!.GetValue<double>());
}

static Run Best(Run? current, Run candidate) => current is null || candidate.Throughput > current.Throughput ? candidate : current;

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * p) - 1)];

static JsonObject Metric(string metric, string unit, double value, double baseline, double ratio, string target, bool met) => new()
{
    ["metric"] = metric, ["unit"] = unit, ["value"] = value, ["baseline"] = baseline, ["ratio"] = ratio, ["target"] = target, ["met"] = met,
};

static string OsName()
{
    try
    {
        var pretty = File.ReadAllLines("/etc/os-release").FirstOrDefault(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return pretty?.Split('=', 2)[1].Trim('"') ?? Environment.OSVersion.ToString();
    }
    catch (IOException)
    {
        return Environment.OSVersion.ToString();
    }
}

internal sealed record Run(int Tasks, int Errors, double Throughput, double P99, double CpuPerTask);
