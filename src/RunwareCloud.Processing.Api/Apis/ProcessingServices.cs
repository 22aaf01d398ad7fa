using Microsoft.Extensions.Options;
using RunwareCloud.Jobs;
using RunwareCloud.Processing.Api.Infrastructure;

namespace RunwareCloud.Processing.Api.Apis;

public sealed class ProcessingServices(
    ProcessingJobStore store,
    JobSubmission submission,
    ImageInputResolver inputs,
    IOptions<InputOptions> inputOptions,
    TimeProvider clock)
{
    public ProcessingJobStore Store { get; } = store;
    public JobSubmission Submission { get; } = submission;
    public ImageInputResolver Inputs { get; } = inputs;
    public IOptions<InputOptions> InputOptions { get; } = inputOptions;
    public TimeProvider Clock { get; } = clock;
}
