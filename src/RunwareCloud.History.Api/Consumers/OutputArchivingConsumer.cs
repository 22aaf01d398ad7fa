using MassTransit;
using RunwareCloud.Contracts.History;
using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Infrastructure;
using RunwareCloud.Messaging;

namespace RunwareCloud.History.Api.Consumers;

/// <summary>
/// Stores the outputs a finished job announced as assets, and answers with <see cref="AssetsStored"/>, once per message: the
/// downloads come first, outside any transaction (they take the longest and lock nothing); the inbox row, the asset rows
/// and the answer then commit together.
/// </summary>
public abstract class OutputArchivingConsumer<TMessage>(
    OutputArchiver archiver, HistoryDbContext db, IOutbox<HistoryDbContext> outbox, TimeProvider clock) : IConsumer<TMessage>
    where TMessage : class
{
    protected abstract ArchiveRequest Describe(TMessage message);

    protected abstract Guid CorrelationIdOf(TMessage message);

    /// <summary>One of <see cref="AssetOrigins"/>.</summary>
    protected abstract string Origin { get; }

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var request = Describe(context.Message);
        using var prepared = await archiver.PrepareAsync(request, context.CancellationToken);
        await db.ConsumeOnceAsync(context, GetType().FullName!, () => RecordAsync(context, request, prepared));
    }

    private async Task RecordAsync(ConsumeContext<TMessage> context, ArchiveRequest request, PreparedOutputs prepared)
    {
        var archived = await archiver.RecordAsync(db, request, prepared, context.CancellationToken);
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
