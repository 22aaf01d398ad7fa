using Microsoft.Extensions.Options;

namespace RunwareCloud.Runware.Emulator.Accounting;

/// <summary>Simulated processing time: base + per step + per megapixel, ± jitter; nothing in the fast profile.</summary>
public sealed class LatencyModel(IOptions<EmulatorOptions> options, TimeProvider time)
{
    private static readonly Dictionary<string, TaskLatency> s_defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["imageInference"] = new() { BaseMilliseconds = 250, PerStepMilliseconds = 12, PerMegapixelMilliseconds = 350 },
        ["imageUpload"] = new() { BaseMilliseconds = 60 },
        ["removeBackground"] = new() { BaseMilliseconds = 300, PerMegapixelMilliseconds = 200 },
        ["upscale"] = new() { BaseMilliseconds = 400, PerMegapixelMilliseconds = 300 },
        ["caption"] = new() { BaseMilliseconds = 250 },
        ["promptEnhance"] = new() { BaseMilliseconds = 300 },
        ["modelSearch"] = new() { BaseMilliseconds = 60 },
        ["videoInference"] = new() { BaseMilliseconds = 3000, PerStepMilliseconds = 20 },
    };

    private LatencyProfile? _profile;

    public LatencyProfile Profile
    {
        get => _profile ?? options.Value.LatencyProfile;
        set => _profile = value;
    }

    public TimeSpan Estimate(string taskType, int steps = 0, double megapixels = 0)
    {
        if (Profile == LatencyProfile.Fast)
        {
            return TimeSpan.Zero;
        }

        var latency = options.Value.Latency.GetValueOrDefault(taskType) ?? s_defaults.GetValueOrDefault(taskType);
        if (latency is null)
        {
            return TimeSpan.Zero;
        }

        var ms = latency.BaseMilliseconds + (latency.PerStepMilliseconds * steps) + (latency.PerMegapixelMilliseconds * megapixels);
        ms *= 1 + ((Random.Shared.NextDouble() * 2) - 1) * latency.Jitter;
        return TimeSpan.FromMilliseconds(Math.Max(0, ms));
    }

    public Task DelayAsync(string taskType, int steps, double megapixels, CancellationToken cancellationToken)
    {
        var delay = Estimate(taskType, steps, megapixels);
        return delay == TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);
    }
}
