using RunwareCloud.Contracts.Orders;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.Messaging;
using RunwareCloud.Orders.Api.Infrastructure;
using RunwareCloud.Orders.Api.Model;

namespace RunwareCloud.Orders.Api.Workflow;

/// <summary>
/// The order state machine, persisted on the order and image rows: every transition stages its audit record and its
/// messages on the same unit of work, so a state, its record and its announcements commit together or not at all.
/// </summary>
/// <remarks>
/// processing → (every image processed or failed) → uploading ⇄ pmr-pending → completed | completed-with-errors | failed;
/// canceled from any non-terminal state. An image runs its plan one operation at a time, each on the previous output.
/// </remarks>
public sealed class OrderWorkflow(IOutbox<OrdersDbContext> outbox, AuditLog audit, TimeProvider clock)
{
    public static readonly Uri ProcessImageQueue = new("queue:process-image");

    public void ChangeStatus(OrdersDbContext db, Order order, string status, string? reason = null, object? details = null)
    {
        if (order.Status == status)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var previous = order.Status;
        order.Status = status;
        order.Reason = reason;
        order.UpdatedAt = now;
        if (OrderStatus.IsTerminal(status))
        {
            order.CompletedAt = now;
        }

        audit.Record(db, "order.status-changed", order.Id, order.EventId, new { from = previous, to = status, reason, details });
        outbox.Publish(new OrderStatusChanged
        {
            OrderId = order.Id, UserId = order.UserId, CorrelationId = order.CorrelationId, Status = status, Reason = reason, At = now,
        });
    }

    /// <summary>Sends every pending image into its first operation; images with an empty plan are processed at once.</summary>
    public void StartImages(OrdersDbContext db, Order order, IEnumerable<OrderImage> images)
    {
        var plan = order.Plan();
        foreach (var image in images)
        {
            image.Step = 0;
            image.CurrentAssetId = image.SourceAssetId;
            image.ProcessedAssetId = null;
            image.CaptionText = null;
            image.Error = null;
            image.Attempts++;
            if (plan.Count == 0)
            {
                MarkProcessed(order, image);
                continue;
            }

            SendStep(order, image, plan);
        }

        AdvanceOrder(db, order);
    }

    /// <summary>An image operation's output was stored by history-api: run the next operation, or the image is done.</summary>
    public void StepSucceeded(OrdersDbContext db, Order order, OrderImage image, Guid? outputAssetId, string? captionText)
    {
        var plan = order.Plan();
        if (outputAssetId is { } assetId)
        {
            image.CurrentAssetId = assetId;
        }

        if (captionText is not null)
        {
            image.CaptionText = captionText;
        }

        image.Step++;
        if (image.Step < plan.Count)
        {
            SendStep(order, image, plan);
            return;
        }

        MarkProcessed(order, image);
        AdvanceOrder(db, order);
    }

    public void ImageFailed(OrdersDbContext db, Order order, OrderImage image, string reason)
    {
        var now = clock.GetUtcNow();
        image.Status = ImageStatus.Failed;
        image.CurrentJobId = null;
        image.Error = reason;
        audit.Record(db, "image.failed", order.Id, order.EventId, new { imageId = image.Id, reason });
        outbox.Publish(new OrderImageProcessed
        {
            OrderId = order.Id, OrderImageId = image.Id, UserId = order.UserId, CorrelationId = order.CorrelationId,
            Succeeded = false, Reason = reason, At = now,
        });
        AdvanceOrder(db, order);
    }

    /// <summary>Once no image is still processing, the order moves on to the PMR upload (or fails if nothing survived).</summary>
    public void AdvanceOrder(OrdersDbContext db, Order order)
    {
        if (order.Status != OrderStatus.Processing
            || order.Images.Any(i => i.Status is ImageStatus.Pending or ImageStatus.Processing))
        {
            return;
        }

        if (order.Images.All(i => i.Status == ImageStatus.Failed))
        {
            Fail(db, order, "Every image failed processing.");
            return;
        }

        ChangeStatus(db, order, OrderStatus.Uploading);
    }

    public void Fail(OrdersDbContext db, Order order, string reason)
    {
        ChangeStatus(db, order, OrderStatus.Failed, reason);
        outbox.Publish(new OrderFailed
        {
            OrderId = order.Id, UserId = order.UserId, CorrelationId = order.CorrelationId, Reason = reason, FailedAt = clock.GetUtcNow(),
        });
    }

    public void Complete(OrdersDbContext db, Order order)
    {
        var failed = order.Images.Count(i => i.Status == ImageStatus.Failed);
        var uploaded = order.Images.Count(i => i.Status == ImageStatus.Uploaded);
        if (uploaded == 0)
        {
            Fail(db, order, "No image reached the PMR.");
            return;
        }

        ChangeStatus(db, order, failed == 0 ? OrderStatus.Completed : OrderStatus.CompletedWithErrors,
            failed == 0 ? null : $"{failed} of {order.Images.Count} images failed.");
        outbox.Publish(new OrderCompleted
        {
            OrderId = order.Id, UserId = order.UserId, CorrelationId = order.CorrelationId, ProcessedCount = uploaded, FailedCount = failed,
            CompletedAt = clock.GetUtcNow(),
        });
    }

    public void ImageUploaded(OrdersDbContext db, Order order, OrderImage image, string pmrPhotoId)
    {
        var now = clock.GetUtcNow();
        image.Status = ImageStatus.Uploaded;
        image.PmrPhotoId = pmrPhotoId;
        image.UploadedAt = now;
        audit.Record(db, "image.uploaded", order.Id, order.EventId, new { imageId = image.Id, pmrPhotoId });
        outbox.Publish(new OrderUploaded
        {
            OrderId = order.Id, OrderImageId = image.Id, UserId = order.UserId, CorrelationId = order.CorrelationId, PmrPhotoId = pmrPhotoId, At = now,
        });
    }

    private void SendStep(Order order, OrderImage image, IReadOnlyList<string> plan)
    {
        var jobId = Guid.CreateVersion7();
        var operation = plan[image.Step];
        image.Status = ImageStatus.Processing;
        image.CurrentJobId = jobId;
        outbox.Send(new ProcessImage
        {
            JobId = jobId,
            UserId = order.UserId,
            CorrelationId = order.CorrelationId,
            Operation = operation,
            InputUrl = image.CurrentAssetId!.Value.ToString(),
            UpscaleFactor = operation == Operations.Upscale ? order.UpscaleFactor : null,
            OrderId = order.Id,
            OrderImageId = image.Id,
            RequestedAt = clock.GetUtcNow(),
        }, ProcessImageQueue);
    }

    private void MarkProcessed(Order order, OrderImage image)
    {
        var now = clock.GetUtcNow();
        image.Status = ImageStatus.Processed;
        image.CurrentJobId = null;
        image.ProcessedAssetId = image.CurrentAssetId;
        image.ProcessedAt = now;
        outbox.Publish(new OrderImageProcessed
        {
            OrderId = order.Id, OrderImageId = image.Id, UserId = order.UserId, CorrelationId = order.CorrelationId, Succeeded = true, At = now,
        });
    }
}
