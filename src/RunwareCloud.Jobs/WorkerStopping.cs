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
    public bool IsStopping => lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>The host is stopping and the message itself was not canceled: the job should go back to the queue.</summary>
    public bool Interrupted(ConsumeContext context) => IsStopping && !context.CancellationToken.IsCancellationRequested;

    public CancellationTokenSource Link(CancellationToken messageToken) =>
        CancellationTokenSource.CreateLinkedTokenSource(messageToken, lifetime.ApplicationStopping);
}
