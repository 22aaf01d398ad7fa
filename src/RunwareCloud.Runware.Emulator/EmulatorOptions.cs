using RunwareCloud.Runware.Emulator.Faults;

namespace RunwareCloud.Runware.Emulator;

public enum LatencyProfile
{
    /// <summary>Delays modelled on the real service: base + per step + per megapixel, with jitter.</summary>
    Realistic,

    /// <summary>No artificial delay at all (tests and capacity benchmarks).</summary>
    Fast,
}

/// <summary>Emulator settings (section "Emulator"); latency profile, credits and faults can also change at run time via /admin.</summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    public LatencyProfile LatencyProfile { get; set; } = LatencyProfile.Realistic;

    /// <summary>Per task type (canonical name: imageInference, upscale, removeBackground, caption, ...); missing types use the built-in defaults.</summary>
    public Dictionary<string, TaskLatency> Latency { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When non-empty, only these keys authenticate. When empty, any non-empty key not in <see cref="RejectedApiKeys"/> does.</summary>
    public List<string> AcceptedApiKeys { get; set; } = [];

    public List<string> RejectedApiKeys { get; set; } = ["invalid-api-key"];

    /// <summary>Tasks running at once per API key; further tasks wait in a queue.</summary>
    public int MaxConcurrentTasksPerApiKey { get; set; } = 16;

    /// <summary>USD each API key may spend; null is unlimited. Exhausted → insufficientCredits.</summary>
    public decimal? CreditBudget { get; set; }

    /// <summary>How long generated and uploaded media stay downloadable (410 Gone after, 404 once purged).</summary>
    public TimeSpan MediaTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Media bytes kept in memory; the oldest items are evicted past this.</summary>
    public long MaxMediaBytes { get; set; } = 1L << 30;

    /// <summary>Socket closes after this long without a message, as the real service does.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long results for a disconnected connectionSessionUUID are kept for a resuming socket.</summary>
    public TimeSpan SessionRetention { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Base of returned media URLs; by default the scheme and host the client used.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>When set, /admin endpoints require "Authorization: Bearer &lt;token&gt;" or "X-Admin-Token".</summary>
    public string? AdminToken { get; set; }

    public string FfmpegPath { get; set; } = "ffmpeg";

    public FaultSettings Faults { get; set; } = new();
}

public sealed class TaskLatency
{
    public double BaseMilliseconds { get; set; }

    public double PerStepMilliseconds { get; set; }

    public double PerMegapixelMilliseconds { get; set; }

    /// <summary>Uniform ± fraction applied to the total.</summary>
    public double Jitter { get; set; } = 0.2;
}
