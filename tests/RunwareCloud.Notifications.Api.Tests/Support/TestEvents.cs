using RunwareCloud.Contracts;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Orders;

namespace RunwareCloud.Notifications.Api.Tests.Support;

public static class TestEvents
{
    public static GenerationRequested Requested(Guid userId, Guid jobId) => new()
    {
        JobId = jobId, UserId = userId, CorrelationId = jobId, Kind = "textToImage", RequestedAt = DateTimeOffset.UtcNow,
    };

    public static GenerationStarted Started(Guid userId, Guid jobId) => new()
    {
        JobId = jobId, UserId = userId, CorrelationId = jobId, StartedAt = DateTimeOffset.UtcNow,
    };

    public static GenerationProgressed Progressed(Guid userId, Guid jobId, int progress) => new()
    {
        JobId = jobId, UserId = userId, CorrelationId = jobId, Progress = progress, Stage = "preview", At = DateTimeOffset.UtcNow,
    };

    public static GenerationSucceeded Succeeded(Guid userId, Guid jobId) => new()
    {
        JobId = jobId,
        UserId = userId,
        CorrelationId = jobId,
        Kind = "textToImage",
        Prompt = "a red fox at dawn",
        Model = "runware:100@1",
        Width = 512,
        Height = 512,
        Outputs = [new JobOutput { RunwareUrl = "http://runware.test/image/1.png", Seed = 42, Cost = 0.002m }],
        Cost = 0.002m,
        CompletedAt = DateTimeOffset.UtcNow,
    };

    public static AssetsStored Stored(Guid userId, Guid jobId, Guid assetId) => new()
    {
        JobId = jobId, UserId = userId, CorrelationId = jobId, AssetIds = [assetId], FailedOutputs = [], StoredAt = DateTimeOffset.UtcNow,
        Origin = AssetOrigins.Generation,
    };

    public static OrderStatusChanged OrderStatus(Guid userId, Guid orderId, string status) => new()
    {
        OrderId = orderId, UserId = userId, CorrelationId = orderId, Status = status, At = DateTimeOffset.UtcNow,
    };
}
