using Microsoft.Extensions.Options;
using RunwareCloud.Jobs;
using RunwareCloud.Messaging;
using RunwareCloud.Processing.Api.Infrastructure;

namespace RunwareCloud.Processing.Api.Apis;

public sealed class ProcessingServices(
    ProcessingDbContext db,
    ProcessingJobStore store,
    IOutbox<ProcessingDbContext> outbox,
    JobSubmission submission,
    ImageInputResolver inputs,
    IOptions<InputOptions> inputOptions,
    TimeProvider clock)
{
    public ProcessingDbContext Db { get; } = db;
    public ProcessingJobStore Store { get; } = store;
    public IOutbox<ProcessingDbContext> Outbox { get; } = outbox;
    public JobSubmission Submission { get; } = submission;
    public ImageInputResolver Inputs { get; } = inputs;
    public IOptions<InputOptions> InputOptions { get; } = inputOptions;
    public TimeProvider Clock { get; } = clock;
}
