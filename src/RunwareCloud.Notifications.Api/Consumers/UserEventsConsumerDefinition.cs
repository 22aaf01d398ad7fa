using MassTransit;

namespace RunwareCloud.Notifications.Api.Consumers;

/// <summary>
/// One durable queue for all instances: each event is logged once and then fanned out to every instance through Redis.
/// Log order is notification order, so the queue is consumed in order: a single active consumer (the other instances
/// stand by and take over when it goes away) handling one message at a time. Competing instances, or concurrent handling
/// in one (MassTransit dispatches concurrently before any partitioner sees a message), log a job's events out of order.
/// </summary>
public sealed class UserEventsConsumerDefinition : ConsumerDefinition<UserEventsConsumer>
{
    public UserEventsConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UserEventsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SingleActiveConsumer = true;
        }
    }
}
