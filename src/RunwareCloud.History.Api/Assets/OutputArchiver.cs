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

/// <summary>
/// A job's outputs downloaded and inspected, before anything is recorded: a staged asset or the reason it was refused,
/// by output index. Disposing drops whatever staging was not committed.
/// </summary>
public sealed class PreparedOutputs(IReadOnlyList<PreparedOutput> outputs) : IDisposable
{
    public IReadOnlyList<PreparedOutput> Outputs => outputs;

    public void Dispose()
    {
        foreach (var output in outputs)
        {
            output.Inspected?.Staged.Dispose();
        }
    }
}

/// <summary>One output: inspected bytes, or why it was refused; neither for an output without a URL.</summary>
public sealed record PreparedOutput(InspectedAsset? Inspected, string? Failure);

/// <summary>Downloads a job's outputs and records them as assets, failing each bad output on its own with a reason.</summary>
public sealed partial class OutputArchiver(
    OutputDownloader downloader, AssetInspector inspector, AssetCatalog catalog, IOptions<HistoryOptions> options, ILogger<OutputArchiver> logger)
{
    /// <summary>Downloads and inspects every output with a URL; touches no database, so it runs before any transaction.</summary>
    public async Task<PreparedOutputs> PrepareAsync(ArchiveRequest request, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(options.Value.MaxParallelDownloads);
        return new PreparedOutputs(await Task.WhenAll(request.Outputs.Select(output =>
            string.IsNullOrEmpty(output.RunwareUrl)
                ? Task.FromResult(new PreparedOutput(null, null))
                : PrepareAsync(output.RunwareUrl, gate, cancellationToken))));
    }

    /// <summary>
    /// Adds the prepared outputs to <paramref name="db"/> as assets (the caller saves, in its transaction); outputs this job
    /// already stored keep their ids, and their new download is dropped.
    /// </summary>
    public async Task<ArchivedOutputs> RecordAsync(HistoryDbContext db, ArchiveRequest request, PreparedOutputs prepared, CancellationToken cancellationToken)
    {
        var stored = await db.Assets.AsNoTracking()
            .Where(a => a.JobId == request.JobId)
            .Select(a => new { a.OutputIndex, a.Id })
            .ToDictionaryAsync(a => a.OutputIndex, a => a.Id, cancellationToken);

        var assetIds = new List<Guid>();
        var outputIndexes = new List<int>();
        var failures = new List<string>();
        for (var index = 0; index < request.Outputs.Count; index++)
        {
            if (stored.TryGetValue(index, out var existing))
            {
                assetIds.Add(existing);
                outputIndexes.Add(index);
                continue;
            }

            var (inspected, failure) = prepared.Outputs[index];
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

        return new ArchivedOutputs(assetIds, outputIndexes, failures);
    }

    private async Task<PreparedOutput> PrepareAsync(string url, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        StagedAsset? staged = null;
        try
        {
            staged = await downloader.DownloadAsync(url, cancellationToken);
            return new PreparedOutput(await inspector.InspectAsync(staged, cancellationToken), null);
        }
        catch (RejectedContentException rejected)
        {
            staged?.Dispose();
            return new PreparedOutput(null, rejected.Message);
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

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Output {OutputIndex} of job {JobId} was not stored: {Reason}")]
    private partial void LogOutputRejected(Guid jobId, int outputIndex, string reason);
}
