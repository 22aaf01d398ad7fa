using MassTransit;
using Microsoft.Extensions.Hosting;

namespace RunwareCloud.Jobs;

/// <summary>
/// The token a job runs under: its message's token, and the host beginning to stop. MassTransit waits for running
/// consumers before it stops the bus, so a job stalled at Runware would otherwise hold the stop until the host tears the
/// container down under it; cancelled early, the worker hands the job back through the outbox instead.
/// </summary>
public sealed class WorkerStopping(IHostApplicationLifetime lifetime)
{
    /// <summary>
    /// Runs a job under the linked token; when the host stops mid-job, <paramref name="handBack"/> returns it to the queue
    /// instead of the cancellation faulting it into the error queue (even a message that arrives while the host stops).
    /// </summary>
    public async Task RunOrHandBackAsync(ConsumeContext context, Func<CancellationToken, Task> run, Func<Task> handBack)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await run(stopping.Token);
        }
        catch (OperationCanceledException) when (Interrupted(context))
        {
            await handBack();
        }
    }

    /// <summary>The host is stopping and the message itself was not canceled.</summary>
    private bool Interrupted(ConsumeContext context) =>
        lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested;
}
