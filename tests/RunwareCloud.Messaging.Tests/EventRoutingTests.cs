using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RunwareCloud.Contracts.History;
using RunwareCloud.Messaging.Tests.Support;

namespace RunwareCloud.Messaging.Tests;

public sealed class EventRoutingTests
{
    private static readonly TimeSpan s_timeout = MessagingTestHost.Timeout;

    [Fact]
    public async Task AssetsStored_reaches_only_the_queues_bound_to_its_origin_and_those_bound_to_every_origin()
    {
        await using var host = await MessagingTestHost.CreateAsync(
            await TestInfrastructure.CreateVirtualHostAsync("routing"), await TestInfrastructure.CreateDatabaseAsync("routing"));
        var bus = host.Services.GetRequiredService<IBus>();
        var generation = await ConnectAsync(bus, "routing-generation", AssetOrigins.Generation);
        var processing = await ConnectAsync(bus, "routing-processing", AssetOrigins.Processing);
        var every = await ConnectAsync(bus, "routing-every", origin: null);

        // One consumer per queue takes messages in queue order, so a misrouted earlier event would arrive before the last.
        Guid[] published = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        await PublishAsync(bus, published[0], AssetOrigins.Processing);
        await PublishAsync(bus, published[1], AssetOrigins.Generation);
        await PublishAsync(bus, published[2], AssetOrigins.Processing);

        await Eventually.WaitUntilAsync(() => every.Count == 3 && processing.Count == 2 && generation.Count == 1, s_timeout, "every bound queue's events");
        Assert.Equal([published[1]], generation);
        Assert.Equal([published[0], published[2]], processing);
        Assert.Equal(published, every);
    }

    private static async Task<ConcurrentQueue<Guid>> ConnectAsync(IBus bus, string queue, string? origin)
    {
        var received = new ConcurrentQueue<Guid>();
        var handle = bus.ConnectReceiveEndpoint(queue, endpoint =>
        {
            endpoint.PrefetchCount = 1;
            endpoint.ConcurrentMessageLimit = 1;
            endpoint.ConsumeAssetsStored(origin);
            endpoint.Handler<AssetsStored>(context =>
            {
                received.Enqueue(context.Message.JobId);
                return Task.CompletedTask;
            });
        });
        await handle.Ready.WaitAsync(s_timeout);
        return received;
    }

    private static Task PublishAsync(IBus bus, Guid jobId, string origin) => bus.Publish(new AssetsStored
    {
        JobId = jobId, UserId = Guid.NewGuid(), CorrelationId = jobId, AssetIds = [Guid.NewGuid()], FailedOutputs = [],
        StoredAt = DateTimeOffset.UtcNow, Origin = origin,
    }).WaitAsync(s_timeout);
}
