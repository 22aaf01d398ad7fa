using MassTransit;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Infrastructure;
using RunwareCloud.Messaging;

namespace RunwareCloud.History.Api.Consumers;

/// <summary>Keeps the results of background removal, upscaling and captioning.</summary>
public sealed class ImageProcessedConsumer(OutputArchiver archiver, HistoryDbContext db, IOutbox<HistoryDbContext> outbox, TimeProvider clock)
    : OutputArchivingConsumer<ImageProcessed>(archiver, db, outbox, clock)
{
    protected override ArchiveRequest Describe(ImageProcessed message) => new()
    {
        JobId = message.JobId,
        UserId = message.UserId,
        Kind = message.Operation,
        Cost = message.Cost,
        Outputs = message.Outputs,
    };

    protected override Guid CorrelationIdOf(ImageProcessed message) => message.CorrelationId;

    protected override string Origin => AssetOrigins.Processing;
}

public sealed class ImageProcessedConsumerDefinition : ConsumerDefinition<ImageProcessedConsumer>
{
    public ImageProcessedConsumerDefinition() => ConcurrentMessageLimit = 4;
}
