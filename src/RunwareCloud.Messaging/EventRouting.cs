using MassTransit;
using RabbitMQ.Client;
using RunwareCloud.Contracts.History;

namespace RunwareCloud.Messaging;

/// <summary>
/// Events that only some consumers want are routed by a key instead of fanned out to every queue bound to their type.
/// <see cref="AssetsStored"/> goes out on a topic exchange keyed by its <see cref="AssetsStored.Origin"/>: each job
/// service receives only its own jobs' stored assets (processing-api and orders-api used to receive, and drop, every
/// generation job's). Every bus that publishes or consumes these events applies <see cref="UseEventRouting"/>.
/// </summary>
public static class EventRouting
{
    /// <summary>
    /// A new exchange, not the type's old fanout one: RabbitMQ cannot change an existing exchange's type, and a deployment
    /// upgraded in place keeps its queues bound to the old exchange, which still delivers whatever an old publisher sends.
    /// </summary>
    public const string AssetsStoredExchange = "RunwareCloud.Contracts.History:AssetsStored.by-origin";

    private const string AnyKey = "#";
    private const string NoOriginKey = "none";

    public static void UseEventRouting(this IRabbitMqBusFactoryConfigurator bus)
    {
        bus.Message<AssetsStored>(message => message.SetEntityName(AssetsStoredExchange));
        bus.Publish<AssetsStored>(publish => publish.ExchangeType = ExchangeType.Topic);
        bus.Send<AssetsStored>(send => send.UseRoutingKeyFormatter(context => RoutingKeyOf(context.Message.Origin)));
    }

    /// <summary>
    /// Binds the endpoint to the <see cref="AssetsStored"/> events of one <see cref="AssetOrigins"/> value, or of every
    /// origin when <paramref name="origin"/> is null.
    /// </summary>
    public static void ConsumeAssetsStored(this IReceiveEndpointConfigurator endpoint, string? origin)
    {
        if (endpoint is not IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            return;
        }

        rabbit.ConfigureMessageTopology<AssetsStored>(false);
        rabbit.Bind<AssetsStored>(binding =>
        {
            binding.ExchangeType = ExchangeType.Topic;
            binding.RoutingKey = origin is null ? AnyKey : RoutingKeyOf(origin);
        });
    }

    private static string RoutingKeyOf(string? origin) => string.IsNullOrEmpty(origin) ? NoOriginKey : origin;
}
