using MassTransit;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Orders;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.Notifications.Api.Notifications;

namespace RunwareCloud.Notifications.Api.Consumers;

/// <summary>
/// Every user-facing event becomes a notification (see <see cref="NotificationMapper"/> for the mapping), published in
/// its user's lane so that one user's notifications keep their delivery order while different users' run concurrently.
/// </summary>
public sealed class UserEventsConsumer(NotificationPublisher publisher, UserLanes lanes) :
    IConsumer<GenerationRequested>,
    IConsumer<GenerationStarted>,
    IConsumer<GenerationProgressed>,
    IConsumer<GenerationSucceeded>,
    IConsumer<GenerationFailed>,
    IConsumer<GenerationCanceled>,
    IConsumer<ProcessingStarted>,
    IConsumer<ImageProcessed>,
    IConsumer<ImageProcessingFailed>,
    IConsumer<AssetsStored>,
    IConsumer<OrderSubmitted>,
    IConsumer<OrderImageProcessed>,
    IConsumer<OrderUploaded>,
    IConsumer<OrderCompleted>,
    IConsumer<OrderFailed>,
    IConsumer<OrderStatusChanged>
{
    public Task Consume(ConsumeContext<GenerationRequested> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<GenerationStarted> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<GenerationProgressed> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<GenerationSucceeded> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<GenerationFailed> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<GenerationCanceled> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<ProcessingStarted> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<ImageProcessed> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<ImageProcessingFailed> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<AssetsStored> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<OrderSubmitted> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<OrderImageProcessed> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<OrderUploaded> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<OrderCompleted> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<OrderFailed> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    public Task Consume(ConsumeContext<OrderStatusChanged> context) => PublishAsync(context, NotificationMapper.Map(context.Message));

    private Task PublishAsync(ConsumeContext context, Notification notification)
    {
        var messageId = (context.MessageId ?? NewId.NextGuid()).ToString("N");
        return lanes.RunAsync(
            DeliveryPosition.Of(context), notification.UserId,
            cancellationToken => publisher.PublishAsync(messageId, notification, cancellationToken), context.CancellationToken);
    }
}
