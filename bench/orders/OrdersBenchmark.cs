using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RunwareCloud.Orders.Api.Pmr;
using RunwareCloud.Orders.Api.Tests;
using RunwareCloud.Runware;

namespace RunwareCloud.Bench.Orders;

/// <summary>
/// One order of N photos (upscale ×2, then caption) from submit to completed on the in-process chain, with its stages read
/// from the services' own records, against the same Runware tasks and PMR uploads made directly in the same run.
/// </summary>
public static class OrdersBenchmark
{
    /// <summary>processing-api's worker concurrency (Processing:Worker:Concurrency), used for the direct Runware baseline too.</summary>
    private const int RunwareInFlight = 32;

    public static async Task Main(string[] args)
    {
        var output = args.Length > 0 ? args[0] : "orders.json";
        var photos = args.Length > 1 ? int.Parse(args[1]) : 100;
        var loadAtStart = LoadAverage();

        await using var chain = await OrdersSystem.StartAsync();
        using var client = chain.CreateClient(Guid.NewGuid());
        Console.WriteLine("warm-up: a 5-photo order");
        await RunOrderAsync(chain, client, 5);
        Console.WriteLine($"measuring: a {photos}-photo order");
        var order = await RunOrderAsync(chain, client, photos);
        Console.WriteLine("baseline: the same Runware tasks and PMR uploads, made directly");
        var (runwareDirect, pmrDirect) = await RunDirectAsync(chain, photos);
        var loadAtEnd = LoadAverage();

        var direct = runwareDirect + pmrDirect;
        var total = order.Total.TotalSeconds;
        var result = new
        {
            benchmark = "orders",
            date = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            machine = new
            {
                cores = Environment.ProcessorCount,
                memory = $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024)} MiB",
                os = RuntimeInformation.OSDescription,
                loadAverageAtStart = loadAtStart,
                loadAverageAtEnd = loadAtEnd,
            },
            command = $"./bench/run.sh orders: one {photos}-photo order (upscale x2 then caption per photo, then PMR upload) after a "
                + "5-photo warm-up; history-api, processing-api and orders-api in one process (Release, their own Programs, default "
                + "settings: PMR upload poll every 2 s) on the dev Postgres/RabbitMQ/Redis, Runware emulator fast profile, PMR emulator "
                + $"without faults; baseline: the same Runware tasks through processing-api's pool at {RunwareInFlight} in flight "
                + $"(upload, upscale, caption) plus {photos} PMR uploads in sequence",
            results = new object[]
            {
                Metric($"{photos}-photo order, submit → completed", "s", total, direct, "none set by issue 11 (record the time and its stages)"),
                Metric("stage: validate event (submit request: PMR event lookup, uncached, + ProcessImage staged)", "ms", order.Submit.TotalMilliseconds),
                Metric("stage: processing + storing, wall (submitted → every photo processed)", "s", order.Processing.TotalSeconds),
                Metric($"stage: processing, per Runware step in processing-api p50 ({order.RunwareSteps.Count} steps)", "ms", Percentile(order.RunwareSteps, 0.5)),
                Metric("stage: processing, per Runware step in processing-api p95", "ms", Percentile(order.RunwareSteps, 0.95)),
                Metric($"stage: storing, per output in history-api p50 (ImageProcessed → asset stored, {order.Stores.Count} outputs)", "ms", Percentile(order.Stores, 0.5)),
                Metric("stage: storing, per output in history-api p95", "ms", Percentile(order.Stores, 0.95)),
                Metric("stage: PMR upload, wall (every photo processed → completed, poll wait included)", "s", order.Upload.TotalSeconds),
                Metric("stage: PMR upload, wait for the uploader's poll", "ms", order.UploadWait.TotalMilliseconds),
                Metric("stage: PMR upload, per photo (download from history-api + upload, in sequence)", "ms", order.PerUpload.TotalMilliseconds),
                Metric($"photo intake before submit ({photos} photos into history-api through orders-api)", "s", order.Intake.TotalSeconds),
                Metric($"baseline: Runware direct ({photos} × upload, upscale, caption at {RunwareInFlight} in flight)", "s", runwareDirect),
                Metric($"baseline: PMR direct ({photos} uploads in sequence)", "s", pmrDirect),
            },
        };
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));

        Console.WriteLine($"wrote {output}");
        Console.WriteLine(
            $"orders: {DateTimeOffset.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores (load average {loadAtStart} at start), "
            + $"one {photos}-photo order (upscale x2 + caption, then PMR upload), services in one process, Runware emulator fast profile: "
            + $"submit → completed {total:0.0} s vs {direct:0.0} s for the same Runware tasks and PMR uploads made directly ({total / direct:0.0}x); "
            + $"validate event {order.Submit.TotalMilliseconds:0} ms; processing + storing {order.Processing.TotalSeconds:0.0} s "
            + $"(Runware step p50 {Percentile(order.RunwareSteps, 0.5):0} ms, history store p50 {Percentile(order.Stores, 0.5):0} ms/output); "
            + $"PMR upload {order.Upload.TotalSeconds:0.0} s ({order.UploadWait.TotalMilliseconds:0} ms poll wait, {order.PerUpload.TotalMilliseconds:0} ms/photo); no target set");
    }

    private static async Task<OrderRun> RunOrderAsync(OrdersSystem chain, HttpClient client, int photos)
    {
        // A fresh event id, so submit asks the PMR rather than the Redis cache.
        var eventId = $"EVT-{Random.Shared.Next(100_000, 999_999)}";
        var orderId = (await client.CreateOrderAsync(eventId)).GetProperty("id").GetGuid();
        var intake = Stopwatch.StartNew();
        (await client.AddImagesAsync(orderId, photos)).EnsureSuccessStatusCode();
        intake.Stop();

        var submitWatch = Stopwatch.StartNew();
        var submit = await client.SubmitAsync(orderId);
        submitWatch.Stop();
        if (submit.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"submit answered {(int)submit.StatusCode}: {await submit.Content.ReadAsStringAsync()}");
        }

        var order = await WaitForEndAsync(chain, client, orderId);
        var audit = await client.GetJsonAsync($"/api/orders/{orderId}/audit");
        var uploadingAt = audit.EnumerateArray()
            .Where(a => a.GetProperty("action").GetString() == "order.status-changed"
                && JsonDocument.Parse(a.GetProperty("details").GetString()!).RootElement.GetProperty("to").GetString() == "uploading")
            .Select(a => a.GetProperty("at").GetDateTimeOffset()).Min();
        var submittedAt = order.GetProperty("submittedAt").GetDateTimeOffset();
        var completedAt = order.GetProperty("completedAt").GetDateTimeOffset();
        var uploads = order.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("uploadedAt").GetDateTimeOffset()).Order().ToList();

        var jobs = await chain.WithProcessingAsync(db => db.Jobs.AsNoTracking().Where(j => j.OrderId == orderId)
            .Select(j => new { j.Id, j.Kind, j.StartedAt, j.OutputsRecordedAt }).ToListAsync());
        var jobIds = jobs.Select(j => (Guid?)j.Id).ToList();
        var stored = await chain.WithHistoryAsync(db => db.Assets.AsNoTracking().Where(a => jobIds.Contains(a.JobId))
            .Select(a => new { JobId = a.JobId!.Value, a.CreatedAt }).ToListAsync());
        var recorded = jobs.Where(j => j.OutputsRecordedAt is not null).ToDictionary(j => j.Id, j => j.OutputsRecordedAt!.Value);

        return new OrderRun
        {
            Intake = intake.Elapsed,
            Submit = submitWatch.Elapsed,
            Total = completedAt - submittedAt,
            Processing = uploadingAt - submittedAt,
            Upload = completedAt - uploadingAt,
            UploadWait = uploads[0] - uploadingAt,
            PerUpload = uploads.Count > 1 ? (uploads[^1] - uploads[0]) / (uploads.Count - 1) : TimeSpan.Zero,
            RunwareSteps = [.. jobs.Where(j => j.StartedAt is not null && j.OutputsRecordedAt is not null)
                .Select(j => (j.OutputsRecordedAt!.Value - j.StartedAt!.Value).TotalMilliseconds)],
            Stores = [.. stored.Where(a => recorded.ContainsKey(a.JobId)).Select(a => (a.CreatedAt - recorded[a.JobId]).TotalMilliseconds)],
        };
    }

    /// <summary>The order once it ended; any end but <c>completed</c>, or no end within five minutes, stops the benchmark with what is known.</summary>
    private static async Task<JsonElement> WaitForEndAsync(OrdersSystem chain, HttpClient client, Guid orderId)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5);
        while (true)
        {
            var order = await client.GetOrderAsync(orderId);
            var status = order.GetProperty("status").GetString();
            if (status == "completed")
            {
                return order;
            }

            if (status is "completed-with-errors" or "failed" or "canceled" || DateTimeOffset.UtcNow > deadline)
            {
                var images = order.GetProperty("images").EnumerateArray()
                    .GroupBy(i => $"{i.GetProperty("status").GetString()}: {i.GetProperty("error")}").Select(g => $"{g.Count()} × {g.Key}");
                var jobs = await chain.WithProcessingAsync(db => db.Jobs.AsNoTracking().Where(j => j.OrderId == orderId)
                    .GroupBy(j => new { j.Kind, j.Status, j.ErrorCode }).Select(g => $"{g.Count()} × {g.Key.Kind} {g.Key.Status} {g.Key.ErrorCode}").ToListAsync());
                throw new InvalidOperationException(
                    $"order {orderId} is {status}: images [{string.Join("; ", images)}], processing jobs [{string.Join("; ", jobs)}]");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>The same work without the platform: seconds for the Runware tasks, then for the PMR uploads.</summary>
    private static async Task<(double Runware, double Pmr)> RunDirectAsync(OrdersSystem chain, int photos)
    {
        var runware = chain.Processing.Services.GetRequiredService<IRunwareClient>();
        var pmr = chain.Orders!.Services.GetRequiredService<PmrClient>();
        var inputs = Enumerable.Range(0, photos).Select(i => "data:image/png;base64," + Convert.ToBase64String(OrdersClient.Photo(i))).ToList();

        using var gate = new SemaphoreSlim(RunwareInFlight);
        var runwareWatch = Stopwatch.StartNew();
        var upscaled = await Task.WhenAll(inputs.Select(async input =>
        {
            await gate.WaitAsync();
            try
            {
                var uploaded = await runware.UploadImageAsync(input);
                var image = await runware.UpscaleAsync(new UpscaleRequest { InputImage = uploaded.ImageUuid!, UpscaleFactor = 2, OutputFormat = "PNG" });
                await runware.CaptionAsync(new CaptionRequest { InputImage = image.ImageUrl! });
                return image.ImageUrl!;
            }
            finally
            {
                gate.Release();
            }
        }));
        runwareWatch.Stop();

        using var http = new HttpClient();
        var files = await Task.WhenAll(upscaled.Select(url => http.GetByteArrayAsync(url)));
        var orderId = Guid.NewGuid().ToString();
        var pmrWatch = Stopwatch.StartNew();
        foreach (var bytes in files)
        {
            await pmr.UploadPhotoAsync("EVT-0001", orderId, new PmrPhotoUpload
            {
                Bytes = bytes,
                FileName = "photo.png",
                ContentType = "image/png",
                Metadata = new PmrPhotoMetadata
                {
                    PhotoKey = Guid.NewGuid().ToString(),
                    Customer = new PmrCustomer("Ada Lovelace", "ada@example.com"),
                    Caption = "direct",
                    Operations = ["upscale", "caption"],
                    Checksum = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                },
            }, CancellationToken.None);
        }

        pmrWatch.Stop();
        return (runwareWatch.Elapsed.TotalSeconds, pmrWatch.Elapsed.TotalSeconds);
    }

    private static object Metric(string metric, string unit, double value, double? baseline = null, string? target = null) => new
    {
        metric,
        unit,
        value = Math.Round(value, 2),
        baseline = baseline is { } b ? Math.Round(b, 2) : (double?)null,
        ratio = baseline is { } d && d > 0 ? Math.Round(value / d, 2) : (double?)null,
        target,
        met = (bool?)null,
    };

    private static double Percentile(IReadOnlyList<double> values, double quantile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record OrderRun
    {
        public required TimeSpan Intake { get; init; }
        public required TimeSpan Submit { get; init; }
        public required TimeSpan Total { get; init; }
        public required TimeSpan Processing { get; init; }
        public required TimeSpan Upload { get; init; }
        public required TimeSpan UploadWait { get; init; }
        public required TimeSpan PerUpload { get; init; }
        public required IReadOnlyList<double> RunwareSteps { get; init; }
        public required IReadOnlyList<double> Stores { get; init; }
    }
}
