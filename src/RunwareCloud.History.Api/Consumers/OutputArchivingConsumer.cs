using MassTransit;
using RunwareCloud.Contracts.History;
using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Infrastructure;
using RunwareCloud.Messaging;

namespace RunwareCloud.History.Api.Consumers;

/// <summary>Stores the outputs a finished job announced as assets, and answers with <see cref="AssetsStored"/>.</summary>
public abstract class OutputArchivingConsumer<TMessage>(OutputArchiver archiver, IOutbox<HistoryDbContext> outbox, TimeProvider clock)
    : IdempotentConsumer<TMessage, HistoryDbContext>
    where TMessage : class
{
    protected abstract ArchiveRequest Describe(TMessage message);

    protected abstract Guid CorrelationIdOf(TMessage message);

    /// <summary>One of <see cref="AssetOrigins"/>.</summary>
    protected abstract string Origin { get; }

    protected override async Task ConsumeOnceAsync(ConsumeContext<TMessage> context, HistoryDbContext db)
    {
        var request = Describe(context.Message);
        var archived = await archiver.ArchiveAsync(db, request, context.CancellationToken);
        outbox.Publish(new AssetsStored
        {
            JobId = request.JobId,
            UserId = request.UserId,
            CorrelationId = CorrelationIdOf(context.Message),
            AssetIds = archived.AssetIds,
            OutputIndexes = archived.OutputIndexes,
            FailedOutputs = archived.FailedOutputs,
            StoredAt = clock.GetUtcNow(),
            Origin = Origin,
        });
    }
}
