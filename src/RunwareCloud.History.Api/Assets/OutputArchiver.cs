using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RunwareCloud.Contracts;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Assets;

/// <summary>The job a set of outputs belongs to: what history records beside each output's bytes.</summary>
public sealed record ArchiveRequest
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required string Kind { get; init; }
    public string? Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    public string? Model { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Steps { get; init; }
    public decimal? Cost { get; init; }
    public required IReadOnlyList<JobOutput> Outputs { get; init; }
}

/// <summary>The kept outputs' asset ids with each one's output index, and a reason for each output that was not kept.</summary>
public sealed record ArchivedOutputs(IReadOnlyList<Guid> AssetIds, IReadOnlyList<int> OutputIndexes, IReadOnlyList<string> FailedOutputs);

/// <summary>Downloads a job's outputs and records them as assets, failing each bad output on its own with a reason.</summary>
public sealed partial class OutputArchiver(
    OutputDownloader downloader, AssetInspector inspector, AssetCatalog catalog, IOptions<HistoryOptions> options, ILogger<OutputArchiver> logger)
{
    /// <summary>Adds the assets to <paramref name="db"/> (the caller saves); outputs this job already stored keep their ids.</summary>
    public async Task<ArchivedOutputs> ArchiveAsync(HistoryDbContext db, ArchiveRequest request, CancellationToken cancellationToken)
    {
        var stored = await db.Assets.AsNoTracking()
            .Where(a => a.JobId == request.JobId)
            .Select(a => new { a.OutputIndex, a.Id })
            .ToDictionaryAsync(a => a.OutputIndex, a => a.Id, cancellationToken);

        using var gate = new SemaphoreSlim(options.Value.MaxParallelDownloads);
        var prepared = await Task.WhenAll(request.Outputs.Select((output, index) =>
            stored.ContainsKey(index) || string.IsNullOrEmpty(output.RunwareUrl)
                ? Task.FromResult<Prepared>(new Prepared(null, null))
                : PrepareAsync(output.RunwareUrl, gate, cancellationToken)));

        var assetIds = new List<Guid>();
        var outputIndexes = new List<int>();
        var failures = new List<string>();
        try
        {
            for (var index = 0; index < request.Outputs.Count; index++)
            {
                if (stored.TryGetValue(index, out var existing))
                {
                    assetIds.Add(existing);
                    outputIndexes.Add(index);
                    continue;
                }

                var (inspected, failure) = prepared[index];
                if (failure is not null)
                {
                    LogOutputRejected(request.JobId, index, failure);
                    failures.Add($"output {index}: {failure}");
                    continue;
                }

                if (inspected is null)
                {
                    continue;
                }

                var asset = CreateAsset(request, index);
                await catalog.AddAsync(db, asset, inspected, cancellationToken);
                assetIds.Add(asset.Id);
                outputIndexes.Add(index);
            }
        }
        finally
        {
            foreach (var (inspected, _) in prepared)
            {
                inspected?.Staged.Dispose();
            }
        }

        return new ArchivedOutputs(assetIds, outputIndexes, failures);
    }

    private async Task<Prepared> PrepareAsync(string url, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        StagedAsset? staged = null;
        try
        {
            staged = await downloader.DownloadAsync(url, cancellationToken);
            return new Prepared(await inspector.InspectAsync(staged, cancellationToken), null);
        }
        catch (RejectedContentException rejected)
        {
            staged?.Dispose();
            return new Prepared(null, rejected.Message);
        }
        catch
        {
            staged?.Dispose();
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private static Asset CreateAsset(ArchiveRequest request, int index)
    {
        var output = request.Outputs[index];
        return new Asset
        {
            Id = Guid.CreateVersion7(),
            OwnerId = request.UserId,
            JobId = request.JobId,
            OutputIndex = index,
            Kind = request.Kind,
            Prompt = request.Prompt,
            NegativePrompt = request.NegativePrompt,
            Model = request.Model,
            Seed = output.Seed,
            Width = output.Width ?? request.Width,
            Height = output.Height ?? request.Height,
            Steps = request.Steps,
            Cost = output.Cost ?? (request.Outputs.Count == 1 ? request.Cost : null),
            RunwareUrl = output.RunwareUrl,
            Text = output.Text,
            Format = "",
            ContentType = "",
            Checksum = "",
        };
    }

    private sealed record Prepared(InspectedAsset? Inspected, string? Failure);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Output {OutputIndex} of job {JobId} was not stored: {Reason}")]
    private partial void LogOutputRejected(Guid jobId, int outputIndex, string reason);
}
