using Microsoft.Extensions.Options;
using RunwareCloud.Generation.Api.Infrastructure;
using RunwareCloud.Jobs;
using RunwareCloud.Messaging;

namespace RunwareCloud.Generation.Api.Apis;

public sealed class GenerationServices(
    GenerationDbContext db,
    GenerationJobStore store,
    IOutbox<GenerationDbContext> outbox,
    JobSubmission submission,
    GenerationInputChecks checks,
    IOptions<InputOptions> inputs,
    TimeProvider clock)
{
    public GenerationDbContext Db { get; } = db;
    public IOutbox<GenerationDbContext> Outbox { get; } = outbox;
    public GenerationJobStore Store { get; } = store;
    public JobSubmission Submission { get; } = submission;
    public GenerationInputChecks Checks { get; } = checks;
    public IOptions<InputOptions> Inputs { get; } = inputs;
    public TimeProvider Clock { get; } = clock;
}
