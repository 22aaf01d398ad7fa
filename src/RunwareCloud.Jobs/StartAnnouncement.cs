using MassTransit;

namespace RunwareCloud.Jobs;

public static class StartAnnouncement
{
    /// <summary>
    /// Runs a claimed job while its start event (<paramref name="started"/>, only when the claim started the job) goes out:
    /// waiting for the broker's confirm first would add it to every job's time. <paramref name="run"/> gets the publish
    /// to await before it records the job's end, so the events keep their order; it is awaited in any case.
    /// </summary>
    public static async Task RunAnnouncingStartAsync<TJob, TStarted>(
        this ConsumeContext context, JobClaim<TJob> claim, Func<TJob, TStarted> started, Func<Task, Task> run, CancellationToken cancellationToken)
        where TJob : Job
        where TStarted : class
    {
        var announcing = claim.Outcome == JobClaimOutcome.Started ? context.Publish(started(claim.Job!), cancellationToken) : Task.CompletedTask;
        try
        {
            await run(announcing);
        }
        finally
        {
            await announcing;
        }
    }
}
