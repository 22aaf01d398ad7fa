using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RunwareCloud.Runware.Telemetry;

/// <summary>The <c>RunwareCloud.Runware</c> activity source and meter shared by every pool in the process.</summary>
public static class RunwareTelemetry
{
    public const string Name = "RunwareCloud.Runware";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    internal static readonly Histogram<double> TaskDuration = Meter.CreateHistogram<double>(
        "runware.task.duration", "s", "Time from dispatch to the task's last result or error.");
    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "runware.task.errors", "{error}", "Tasks that ended in an error, by error code.");
    internal static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "runware.connection.reconnects", "{reconnect}", "Connections re-established after a drop.");
    internal static readonly Counter<long> Redispatches = Meter.CreateCounter<long>(
        "runware.task.redispatches", "{task}", "Tasks sent again because their connection dropped.");

    private static readonly ConcurrentDictionary<IRunwarePoolGauges, byte> s_pools = new();

    static RunwareTelemetry()
    {
        Meter.CreateObservableGauge("runware.tasks.in_flight", () => Sum(static p => p.InFlight), "{task}", "Tasks sent and not yet answered.");
        Meter.CreateObservableGauge("runware.queue.length", () => Sum(static p => p.QueueLength), "{task}", "Callers waiting for a free slot.");
        Meter.CreateObservableGauge("runware.connections.authenticated", () => Sum(static p => p.AuthenticatedConnections), "{connection}",
            "Authenticated WebSocket connections.");
    }

    internal static void Register(IRunwarePoolGauges pool) => s_pools.TryAdd(pool, 0);

    internal static void Unregister(IRunwarePoolGauges pool) => s_pools.TryRemove(pool, out _);

    private static long Sum(Func<IRunwarePoolGauges, long> selector)
    {
        long total = 0;
        foreach (var pool in s_pools.Keys)
        {
            total += selector(pool);
        }

        return total;
    }
}

internal interface IRunwarePoolGauges
{
    long InFlight { get; }
    long QueueLength { get; }
    long AuthenticatedConnections { get; }
}
