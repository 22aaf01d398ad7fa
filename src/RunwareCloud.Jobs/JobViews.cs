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
