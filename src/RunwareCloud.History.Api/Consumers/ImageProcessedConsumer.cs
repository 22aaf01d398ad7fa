using MassTransit;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Infrastructure;
using RunwareCloud.Messaging;

namespace RunwareCloud.History.Api.Consumers;

/// <summary>Stores the results of background removal, upscaling and captioning, and announces them with <see cref="AssetsStored"/>.</summary>
public sealed class ImageProcessedConsumer(OutputArchiver archiver, IOutbox<HistoryDbContext> outbox, TimeProvider clock)
    : IdempotentConsumer<ImageProcessed, HistoryDbContext>
{
    protected override async Task ConsumeOnceAsync(ConsumeContext<ImageProcessed> context, HistoryDbContext db)
    {
        var message = context.Message;
        var archived = await archiver.ArchiveAsync(db, new ArchiveRequest
        {
            JobId = message.JobId,
            UserId = message.UserId,
            Kind = message.Operation,
            Cost = message.Cost,
            Outputs = message.Outputs,
        }, context.CancellationToken);

        outbox.Publish(new AssetsStored
        {
            JobId = message.JobId,
            UserId = message.UserId,
            CorrelationId = message.CorrelationId,
            AssetIds = archived.AssetIds,
            FailedOutputs = archived.FailedOutputs,
            StoredAt = clock.GetUtcNow(),
        });
    }
}

public sealed class ImageProcessedConsumerDefinition : ConsumerDefinition<ImageProcessedConsumer>
{
    public ImageProcessedConsumerDefinition() => ConcurrentMessageLimit = 4;
}
