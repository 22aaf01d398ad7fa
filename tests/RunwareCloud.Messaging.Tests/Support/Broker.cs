using System.Text;
using RabbitMQ.Client;

namespace RunwareCloud.Messaging.Tests.Support;

/// <summary>Direct AMQP access to a test vhost, beside MassTransit: raw publishes and reading error queues.</summary>
public static class Broker
{
    public const string MassTransitContentType = "application/vnd.masstransit+json";

    public static async Task PublishRawAsync(string amqpUri, string queue, byte[] body)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties
        {
            ContentType = MassTransitContentType,
            MessageId = Guid.NewGuid().ToString(),
            Persistent = true,
        };
        await channel.BasicPublishAsync(exchange: "", routingKey: queue, mandatory: true, basicProperties: properties, body: body);
    }

    /// <summary>Takes one message from <paramref name="queue"/>, returning its headers as strings, or null if it is empty.</summary>
    public static async Task<IReadOnlyDictionary<string, string>?> GetAsync(string amqpUri, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var result = await channel.BasicGetAsync(queue, autoAck: true);
        if (result is null)
        {
            return null;
        }

        return (result.BasicProperties.Headers ?? new Dictionary<string, object?>())
            .ToDictionary(pair => pair.Key, pair => pair.Value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => "",
                var other => other.ToString() ?? "",
            });
    }

    /// <summary>An AMQP URI for a vhost that does not exist yet; <see cref="CreateVirtualHostAsync"/> makes it appear.</summary>
    public static (string Name, string AmqpUri) MissingVirtualHost()
    {
        var name = $"missing-{Guid.NewGuid():N}";
        return (name, new UriBuilder(TestInfrastructure.MessagingConnectionString) { Path = "/" + name }.Uri.ToString());
    }

    public static async Task CreateVirtualHostAsync(string name)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using (var create = TestInfrastructure.ManagementRequest(HttpMethod.Put, $"api/vhosts/{name}", null))
        {
            (await http.SendAsync(create)).EnsureSuccessStatusCode();
        }

        var user = Uri.UnescapeDataString(TestInfrastructure.RabbitManagementUri.UserInfo.Split(':')[0]);
        using var grant = TestInfrastructure.ManagementRequest(HttpMethod.Put, $"api/permissions/{name}/{user}",
            """{"configure":".*","write":".*","read":".*"}""");
        (await http.SendAsync(grant)).EnsureSuccessStatusCode();
    }

    public static async Task<uint> CountAsync(string amqpUri, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return await channel.MessageCountAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }
}
