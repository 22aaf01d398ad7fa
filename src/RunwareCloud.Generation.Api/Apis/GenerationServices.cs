using Microsoft.Extensions.Options;
using RunwareCloud.Generation.Api.Infrastructure;
using RunwareCloud.Jobs;

namespace RunwareCloud.Generation.Api.Apis;

public sealed class GenerationServices(
    GenerationJobStore store,
    JobSubmission submission,
    GenerationInputChecks checks,
    IOptions<InputOptions> inputs,
    TimeProvider clock)
{
    public GenerationJobStore Store { get; } = store;
    public JobSubmission Submission { get; } = submission;
    public GenerationInputChecks Checks { get; } = checks;
    public IOptions<InputOptions> Inputs { get; } = inputs;
    public TimeProvider Clock { get; } = clock;
}
