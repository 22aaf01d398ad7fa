using MassTransit;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Infrastructure;
using RunwareCloud.Messaging;

namespace RunwareCloud.History.Api.Consumers;

/// <summary>Keeps every output of a finished generation, with the prompt and settings history searches by.</summary>
public sealed class GenerationSucceededConsumer(OutputArchiver archiver, HistoryDbContext db, IOutbox<HistoryDbContext> outbox, TimeProvider clock)
    : OutputArchivingConsumer<GenerationSucceeded>(archiver, db, outbox, clock)
{
    protected override ArchiveRequest Describe(GenerationSucceeded message) => new()
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
    };

    protected override Guid CorrelationIdOf(GenerationSucceeded message) => message.CorrelationId;

    protected override string Origin => AssetOrigins.Generation;
}

public sealed class GenerationSucceededConsumerDefinition : ConsumerDefinition<GenerationSucceededConsumer>
{
    // Most of a job's time here is waiting (download, file writes, the commit), so 16 at once keep up with the generation
    // workers; each job's own downloads are bounded by History:MaxParallelDownloads.
    public GenerationSucceededConsumerDefinition() => ConcurrentMessageLimit = 16;
}
