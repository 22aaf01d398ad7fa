using MassTransit;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Contracts.History;
using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Infrastructure;
using RunwareCloud.Messaging;

namespace RunwareCloud.History.Api.Consumers;

/// <summary>Stores every output of a finished generation as an asset and announces them with <see cref="AssetsStored"/>.</summary>
public sealed class GenerationSucceededConsumer(OutputArchiver archiver, IOutbox<HistoryDbContext> outbox, TimeProvider clock)
    : IdempotentConsumer<GenerationSucceeded, HistoryDbContext>
{
    protected override async Task ConsumeOnceAsync(ConsumeContext<GenerationSucceeded> context, HistoryDbContext db)
    {
        var message = context.Message;
        var archived = await archiver.ArchiveAsync(db, new ArchiveRequest
        {
            JobId = message.JobId,
            UserId = message.UserId,
            Kind = message.Kind,
            Prompt = message.Prompt,
            NegativePrompt = message.NegativePrompt,
            Model = message.Model,
            Width = message.Width,
            Height = message.Height,
            Steps = message.Steps,
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

public sealed class GenerationSucceededConsumerDefinition : ConsumerDefinition<GenerationSucceededConsumer>
{
    // Each message downloads its outputs in parallel already; a few jobs at once keep the network busy without flooding disk.
    public GenerationSucceededConsumerDefinition() => ConcurrentMessageLimit = 4;
}
