namespace RunwareCloud.Contracts.History;

/// <summary>Published by history-api after storing a job's outputs; consumed by generation-api, processing-api, orders-api and notifications-api.</summary>
public sealed record AssetsStored
{
    public required Guid JobId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required IReadOnlyList<Guid> AssetIds { get; init; }

    /// <summary>
    /// For each entry of <see cref="AssetIds"/>, the index of the job output it keeps (outputs that could not be stored have
    /// none). Null from publishers that predate it, whose asset ids followed the outputs in order.
    /// </summary>
    public IReadOnlyList<int>? OutputIndexes { get; init; }
    public required IReadOnlyList<string> FailedOutputs { get; init; }
    public required DateTimeOffset StoredAt { get; init; }

    /// <summary>Which kind of job the assets came from (<see cref="AssetOrigins"/>), so the other services can ignore it cheaply.</summary>
    public string? Origin { get; init; }
}

public static class AssetOrigins
{
    public const string Generation = "generation";
    public const string Processing = "processing";
}
