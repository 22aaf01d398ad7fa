using MassTransit;
using RunwareCloud.Messaging;

namespace RunwareCloud.Notifications.Api.Consumers;

/// <summary>
/// One durable queue for all instances: each event is logged once and then fanned out to every instance through Redis.
/// A single active consumer (the other instances stand by and take over when it goes away) keeps one delivery order;
/// within it, events run concurrently across users and in delivery order per user (<see cref="UserLanes"/>).
/// </summary>
public sealed class UserEventsConsumerDefinition : ConsumerDefinition<UserEventsConsumer>
{
    /// <summary>Events in flight at once: each mostly waits on one Redis round trip, so throughput is about this many per round trip.</summary>
    public const int Concurrency = 200;

    public UserEventsConsumerDefinition() => ConcurrentMessageLimit = Concurrency;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UserEventsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.ConsumeAssetsStored(origin: null);
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SingleActiveConsumer = true;
            rabbit.PrefetchCount = Concurrency * 2;
        }
    }
}
