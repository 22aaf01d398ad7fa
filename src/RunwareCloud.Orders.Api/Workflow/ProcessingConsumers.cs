using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.Messaging;
using RunwareCloud.Orders.Api.Infrastructure;
using RunwareCloud.Orders.Api.Model;

namespace RunwareCloud.Orders.Api.Workflow;

/// <summary>history-api stored an operation's output: that asset feeds the image's next operation (or is its result).</summary>
public sealed class AssetsStoredConsumer(OrderWorkflow workflow) : IdempotentConsumer<AssetsStored, OrdersDbContext>
{
    // Orders run processing jobs only.
    protected override bool Concerns(AssetsStored message) => message.Origin is null or AssetOrigins.Processing;

    protected override async Task ConsumeOnceAsync(ConsumeContext<AssetsStored> context, OrdersDbContext db)
    {
        var message = context.Message;
        if (await OrderSteps.FindAsync(db, message.JobId, context.CancellationToken) is not { } step
            || step.Image.CurrentJobId != message.JobId || step.Operation == Operations.Caption)
        {
            return;
        }

        if (message.AssetIds.Count == 0)
        {
            workflow.ImageFailed(db, step.Order, step.Image,
                "The processed image could not be stored: " + string.Join("; ", message.FailedOutputs));
            return;
        }

        workflow.StepSucceeded(db, step.Order, step.Image, message.AssetIds[0], captionText: null);
    }
}

/// <summary>A caption's result is its text (nothing to store), so it completes the image's step here.</summary>
public sealed class ImageProcessedConsumer(OrderWorkflow workflow) : IdempotentConsumer<ImageProcessed, OrdersDbContext>
{
    protected override async Task ConsumeOnceAsync(ConsumeContext<ImageProcessed> context, OrdersDbContext db)
    {
        var message = context.Message;
        if (message.OrderId is null || message.Operation != Operations.Caption
            || await OrderSteps.FindAsync(db, message.JobId, context.CancellationToken) is not { } step
            || step.Image.CurrentJobId != message.JobId)
        {
            return;
        }

        var text = message.Outputs.Select(o => o.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (text is null)
        {
            workflow.ImageFailed(db, step.Order, step.Image, "The caption came back empty.");
            return;
        }

        workflow.StepSucceeded(db, step.Order, step.Image, outputAssetId: null, text);
    }
}

public sealed class ImageProcessingFailedConsumer(OrderWorkflow workflow) : IdempotentConsumer<ImageProcessingFailed, OrdersDbContext>
{
    protected override async Task ConsumeOnceAsync(ConsumeContext<ImageProcessingFailed> context, OrdersDbContext db)
    {
        var message = context.Message;
        if (message.OrderId is null
            || await OrderSteps.FindAsync(db, message.JobId, context.CancellationToken) is not { } step
            || step.Image.CurrentJobId != message.JobId)
        {
            return;
        }

        workflow.ImageFailed(db, step.Order, step.Image, $"{message.Operation} failed ({message.ErrorCode}): {message.ErrorMessage}");
    }
}

internal sealed record OrderStep(Order Order, OrderImage Image, string Operation);

internal static class OrderSteps
{
    /// <summary>The order step a processing job belongs to, with the order row locked; null for unknown or settled jobs.</summary>
    public static async Task<OrderStep?> FindAsync(OrdersDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        var orderId = await db.Images.Where(i => i.CurrentJobId == jobId).Select(i => (Guid?)i.OrderId).FirstOrDefaultAsync(cancellationToken);
        if (orderId is null || await db.LockOrderAsync(orderId.Value, cancellationToken) is not { } order
            || order.Status != OrderStatus.Processing)
        {
            return null;
        }

        var image = order.Images.FirstOrDefault(i => i.CurrentJobId == jobId);
        var plan = order.Plan();
        return image is null || image.Step >= plan.Count ? null : new OrderStep(order, image, plan[image.Step]);
    }
}
