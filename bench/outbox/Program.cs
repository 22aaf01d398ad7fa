using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RunwareCloud.Bench.Outbox;
using RunwareCloud.Messaging;
using RunwareCloud.Testing;

var repositoryRoot = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var messages = args.Length > 1 ? int.Parse(args[1]) : 10_000;
const int rounds = 3;
const int publishesInFlight = 100;
const int messagesPerTransaction = 50;
const int writers = 8;
const double target = 0.5;

// Other work on the machine moves both numbers; the load average says how much.
var loadAverage = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
var baselineRuns = new List<double>();
var outboxRuns = new List<double>();
for (var round = 0; round < rounds; round++)
{
    baselineRuns.Add(await MeasureAsync(outbox: false));
    outboxRuns.Add(await MeasureAsync(outbox: true));
    Console.WriteLine($"round {round + 1}: plain {baselineRuns[^1]:0} msg/s, outbox {outboxRuns[^1]:0} msg/s");
}

var baseline = Median(baselineRuns);
var value = Median(outboxRuns);
var ratio = value / baseline;
var summary = new
{
    benchmark = "outbox",
    date = DateTimeOffset.UtcNow.ToString("O"),
    machine = new
    {
        cores = Environment.ProcessorCount,
        memory = $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024)} MiB",
        os = RuntimeInformation.OSDescription,
        loadAverageAtStart = loadAverage,
    },
    command = "./bench/run.sh outbox",
    results = new[]
    {
        new
        {
            metric = $"outbox publish→consume throughput ({messages} msgs staged by {writers} writers, {messagesPerTransaction} per commit, median of {rounds} rounds)",
            unit = "msg/s",
            value = Math.Round(value),
            baseline = Math.Round(baseline),
            ratio = Math.Round(ratio, 2),
            target,
            met = ratio >= target,
        },
    },
};
var resultsPath = Path.Combine(repositoryRoot, "bench", "results", "outbox.json");
Directory.CreateDirectory(Path.GetDirectoryName(resultsPath)!);
await File.WriteAllTextAsync(resultsPath, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }) + "\n");
var line = $"- outbox ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, load average {loadAverage}): transactional outbox publish→consume " +
    $"{value:0} msg/s ({writers} writers, {messagesPerTransaction} messages per commit) vs plain MassTransit publish→consume {baseline:0} msg/s " +
    $"({publishesInFlight} in flight), median of {rounds} alternating rounds: {ratio:0.00}× (target ≥ {target}, {(ratio >= target ? "met" : "NOT met")})";
await File.AppendAllTextAsync(Path.Combine(repositoryRoot, "bench", "README.md"), line + "\n");
Console.WriteLine(line);
return 0;

async Task<double> MeasureAsync(bool outbox)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:messaging"] = await TestInfrastructure.CreateVirtualHostAsync("bench"),
        ["Messaging:PrefetchCount"] = "64",
    });
    var arrivals = new Arrivals();
    builder.Services.AddSingleton(arrivals);
    builder.AddMessaging(bus => bus.AddConsumer<OrderPlacedConsumer>());
    if (outbox)
    {
        var database = await TestInfrastructure.CreateDatabaseAsync("bench");
        builder.Services.AddDbContext<BenchDbContext>(options => options.UseNpgsql(database));
        builder.AddOutbox<BenchDbContext>();
    }

    using var host = builder.Build();
    if (outbox)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BenchDbContext>().Database.EnsureCreatedAsync();
    }

    await host.StartAsync();
    await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));

    // A short warm-up so neither side pays for JIT and first connections inside the measurement.
    await RunAsync(host, outbox, arrivals, 500);
    var elapsed = await RunAsync(host, outbox, arrivals, messages);
    await host.StopAsync();
    return messages / elapsed.TotalSeconds;
}

static async Task<TimeSpan> RunAsync(IHost host, bool outbox, Arrivals arrivals, int count)
{
    arrivals.Reset(count);
    var clock = Stopwatch.StartNew();
    if (outbox)
    {
        var batches = Enumerable.Range(0, (count + messagesPerTransaction - 1) / messagesPerTransaction).ToArray();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (batch, cancellationToken) =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
            var staged = scope.ServiceProvider.GetRequiredService<IOutbox<BenchDbContext>>();
            var first = batch * messagesPerTransaction;
            for (var number = first; number < Math.Min(first + messagesPerTransaction, count); number++)
            {
                staged.Publish(Placed(Guid.CreateVersion7(), number));
            }

            await db.SaveChangesAsync(cancellationToken);
        });
        Console.WriteLine($"  {count} messages committed in {clock.Elapsed.TotalSeconds:0.00}s");
    }
    else
    {
        var bus = host.Services.GetRequiredService<IBus>();
        for (var first = 0; first < count; first += publishesInFlight)
        {
            await Task.WhenAll(Enumerable.Range(first, Math.Min(publishesInFlight, count - first))
                .Select(number => bus.Publish(Placed(Guid.CreateVersion7(), number))));
        }
    }

    await arrivals.All.Task.WaitAsync(TimeSpan.FromMinutes(5));
    Console.WriteLine($"  {count} messages {(outbox ? "relayed and " : "published and ")}consumed in {clock.Elapsed.TotalSeconds:0.00}s");
    return clock.Elapsed;
}

static OrderPlaced Placed(Guid orderId, int number) =>
    new() { OrderId = orderId, CorrelationId = Guid.NewGuid(), Number = number, PlacedAt = DateTimeOffset.UtcNow };

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
