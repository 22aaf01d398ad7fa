using MassTransit;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Orders;
using RunwareCloud.Contracts.Processing;

namespace RunwareCloud.Notifications.Api.Consumers;

/// <summary>
/// One durable queue for all instances: each event is logged once and then fanned out to every instance through Redis.
/// The queue has a single active consumer (the other instances stand by and take over when it goes away), and within it
/// events of one user are consumed one at a time in queue order, so a job's notifications keep their order. Competing
/// instances would each take some of a user's events and could log them out of order.
/// </summary>
public sealed class UserEventsConsumerDefinition : ConsumerDefinition<UserEventsConsumer>
{
    private const int Partitions = 32;

    public UserEventsConsumerDefinition() => ConcurrentMessageLimit = Partitions;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UserEventsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SingleActiveConsumer = true;
        }

        var partitioner = endpointConfigurator.CreatePartitioner(Partitions);
        consumerConfigurator.Message<GenerationRequested>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<GenerationStarted>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<GenerationProgressed>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<GenerationSucceeded>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<GenerationFailed>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<GenerationCanceled>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<ProcessingStarted>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<ImageProcessed>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<ImageProcessingFailed>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<AssetsStored>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<OrderSubmitted>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<OrderImageProcessed>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<OrderUploaded>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<OrderCompleted>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<OrderFailed>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
        consumerConfigurator.Message<OrderStatusChanged>(m => m.UsePartitioner(partitioner, c => c.Message.UserId));
    }
}
