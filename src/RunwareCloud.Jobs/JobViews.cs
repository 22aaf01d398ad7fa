using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunwareCloud.Jobs;

public static class JobViews
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JobView ToView(this Job job, string? previewsJson = null) => new()
    {
        Id = job.Id,
        Kind = job.Kind,
        Status = job.Status,
        Progress = job.Progress,
        CreatedAt = job.CreatedAt,
        StartedAt = job.StartedAt,
        CompletedAt = job.CompletedAt,
        Request = JsonDocument.Parse(job.RequestJson).RootElement.Clone(),
        Outputs = ReadOutputs(job.OutputsJson).Select(ToView).ToList(),
        Previews = previewsJson is null ? null : ReadOutputs(previewsJson).Select(ToView).ToList(),
        Error = job.ErrorCode is null ? null : new JobErrorView(job.ErrorCode, job.ErrorMessage ?? job.ErrorCode),
        Cost = job.Cost,
    };

    public static List<StoredOutput> ReadOutputs(string json) => JsonSerializer.Deserialize<List<StoredOutput>>(json, Json) ?? [];

    public static string WriteOutputs(IEnumerable<StoredOutput> outputs) => JsonSerializer.Serialize(outputs, Json);

    /// <summary>Attaches the asset ids history reported, in output order, to the outputs that were stored.</summary>
    /// <summary>
    /// Gives each kept output its asset id: the output at <paramref name="outputIndexes"/>[i] keeps <paramref name="assetIds"/>[i];
    /// without indexes (an older publisher) the ids follow the outputs in order.
    /// </summary>
    public static string AttachAssets(string outputsJson, IReadOnlyList<Guid> assetIds, IReadOnlyList<int>? outputIndexes = null)
    {
        var outputs = ReadOutputs(outputsJson);
        for (var i = 0; i < assetIds.Count; i++)
        {
            var index = outputIndexes is null ? i : i < outputIndexes.Count ? outputIndexes[i] : -1;
            if (index >= 0 && index < outputs.Count)
            {
                outputs[index] = outputs[index] with { AssetId = assetIds[i] };
            }
        }

        return WriteOutputs(outputs);
    }

    private static JobOutputView ToView(StoredOutput output) => new()
    {
        AssetId = output.AssetId,
        Url = output.AssetId is { } assetId ? $"/api/assets/{assetId}" : null,
        RunwareUrl = output.RunwareUrl,
        Seed = output.Seed,
        Cost = output.Cost,
        ContentType = output.ContentType,
        Width = output.Width,
        Height = output.Height,
        Text = output.Text,
    };
}
