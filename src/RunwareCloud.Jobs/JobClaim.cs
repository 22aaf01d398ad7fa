namespace RunwareCloud.Jobs;

/// <summary>What a worker found when it took a job off the queue (<see cref="JobStore{TDbContext,TJob}.ClaimAsync"/>).</summary>
public enum JobClaimOutcome
{
    /// <summary>The job was queued and is now running: the worker announces the start and runs it.</summary>
    Started,

    /// <summary>
    /// The job was already running without outputs: a redelivery after a worker died; the worker runs it again (only one
    /// run's outputs can be recorded).
    /// </summary>
    Resumed,

    /// <summary>The job ended or already recorded its outputs: nothing to do.</summary>
    NotRunnable,

    /// <summary>No such job.</summary>
    Missing,
}

public sealed record JobClaim<TJob>(JobClaimOutcome Outcome, TJob? Job) where TJob : Job
{
    public bool Runs => Outcome is JobClaimOutcome.Started or JobClaimOutcome.Resumed;
}
