namespace RunwareCloud.Pmr.Emulator;

/// <summary>Injected failures: a full outage (now, or for a window), a 5xx rate, added latency, refusal of issued tokens.</summary>
public sealed record FaultSettings
{
    public bool Outage { get; init; }

    /// <summary>When set, the outage ends this many seconds after the settings are applied.</summary>
    public double? OutageSeconds { get; init; }

    public double ErrorRate { get; init; }

    public int LatencyMs { get; init; }

    public bool RejectTokens { get; init; }
}
