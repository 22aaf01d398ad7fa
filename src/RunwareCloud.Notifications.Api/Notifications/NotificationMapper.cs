using RunwareCloud.Contracts;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Orders;
using RunwareCloud.Contracts.Processing;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>
/// Turns bus events into user-facing notifications. A job is <c>job.succeeded</c> only once history has stored its outputs
/// (<see cref="AssetsStored"/>), because only then are there asset URLs a browser can load; the earlier
/// <see cref="GenerationSucceeded"/> and <see cref="ImageProcessed"/> become <c>job.outputs</c> (Runware URLs, seeds, cost).
/// </summary>
public static class NotificationMapper
{
    public static Notification Map(GenerationRequested message) =>
        Job(NotificationTypes.JobQueued, message.UserId, message.JobId, message.RequestedAt, new { message.Kind, status = "queued" });

    public static Notification Map(GenerationStarted message) =>
        Job(NotificationTypes.JobRunning, message.UserId, message.JobId, message.StartedAt, new { status = "running" });

    public static Notification Map(GenerationProgressed message) =>
        Job(NotificationTypes.JobProgress, message.UserId, message.JobId, message.At,
            new { message.Progress, message.Stage, message.PreviewUrl });

    public static Notification Map(GenerationSucceeded message) =>
        Job(NotificationTypes.JobOutputs, message.UserId, message.JobId, message.CompletedAt,
            new { message.Kind, message.Model, outputs = Outputs(message.Outputs), message.Cost });

    public static Notification Map(GenerationFailed message) =>
        Job(NotificationTypes.JobFailed, message.UserId, message.JobId, message.FailedAt,
            new { status = "failed", error = new { code = message.ErrorCode, message = message.ErrorMessage } });

    public static Notification Map(GenerationCanceled message) =>
        Job(NotificationTypes.JobCanceled, message.UserId, message.JobId, message.CanceledAt, new { status = "canceled" });

    public static Notification Map(ProcessingStarted message) =>
        Job(NotificationTypes.JobRunning, message.UserId, message.JobId, message.StartedAt, new { status = "running" });

    public static Notification Map(ImageProcessed message) =>
        Job(NotificationTypes.JobOutputs, message.UserId, message.JobId, message.CompletedAt,
            new { message.Operation, outputs = Outputs(message.Outputs), message.Cost, message.OrderId });

    public static Notification Map(ImageProcessingFailed message) =>
        Job(NotificationTypes.JobFailed, message.UserId, message.JobId, message.FailedAt,
            new { status = "failed", message.Operation, error = new { code = message.ErrorCode, message = message.ErrorMessage }, message.OrderId });

    public static Notification Map(AssetsStored message)
    {
        if (message.AssetIds.Count == 0 && message.FailedOutputs.Count > 0)
        {
            return Job(NotificationTypes.JobFailed, message.UserId, message.JobId, message.StoredAt, new
            {
                status = "failed",
                error = new { code = "storage_failed", message = string.Join("; ", message.FailedOutputs) },
            });
        }

        return Job(NotificationTypes.JobSucceeded, message.UserId, message.JobId, message.StoredAt, new
        {
            status = "succeeded",
            assets = message.AssetIds.Select(id => new { id, url = $"/api/assets/{id}" }).ToArray(),
            message.FailedOutputs,
        });
    }

    public static Notification Map(OrderSubmitted message) =>
        Order(NotificationTypes.OrderSubmitted, message.UserId, message.OrderId, message.SubmittedAt,
            new { status = "submitted", message.EventId, message.ImageCount });

    public static Notification Map(OrderImageProcessed message) =>
        Order(NotificationTypes.OrderImageProcessed, message.UserId, message.OrderId, message.At,
            new { message.OrderImageId, message.Succeeded, message.Reason });

    public static Notification Map(OrderUploaded message) =>
        Order(NotificationTypes.OrderUploaded, message.UserId, message.OrderId, message.At,
            new { message.OrderImageId, message.PmrPhotoId });

    public static Notification Map(OrderCompleted message) =>
        Order(NotificationTypes.OrderCompleted, message.UserId, message.OrderId, message.CompletedAt,
            new { status = "completed", message.ProcessedCount, message.FailedCount });

    public static Notification Map(OrderFailed message) =>
        Order(NotificationTypes.OrderFailed, message.UserId, message.OrderId, message.FailedAt,
            new { status = "failed", message.Reason });

    public static Notification Map(OrderStatusChanged message) =>
        Order(NotificationTypes.OrderStatusChanged, message.UserId, message.OrderId, message.At,
            new { message.Status, message.Reason });

    private static object[] Outputs(IReadOnlyList<JobOutput> outputs) =>
        [.. outputs.Select(output => new
        {
            output.RunwareUrl, output.ImageUuid, output.Seed, output.Cost, output.ContentType, output.Width, output.Height, output.Text,
        })];

    private static Notification Job<T>(string type, Guid userId, Guid jobId, DateTimeOffset at, T data) => new()
    {
        Type = type,
        UserId = userId,
        JobId = jobId,
        Data = NotificationJson.ToElement(data),
        At = at,
    };

    private static Notification Order<T>(string type, Guid userId, Guid orderId, DateTimeOffset at, T data) => new()
    {
        Type = type,
        UserId = userId,
        OrderId = orderId,
        Data = NotificationJson.ToElement(data),
        At = at,
    };
}
