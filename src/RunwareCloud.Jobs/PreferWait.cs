using Microsoft.AspNetCore.Http;

namespace RunwareCloud.Jobs;

/// <summary>
/// <c>Prefer: wait=N</c> (RFC 7240): hold the response until the job ends or N seconds pass, for simple clients.
/// </summary>
public static class PreferWait
{
    public const int MaxSeconds = 60;

    public static TimeSpan? Parse(HttpRequest request)
    {
        foreach (var header in request.Headers["Prefer"])
        {
            foreach (var preference in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = preference.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && parts[0].Equals("wait", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(parts[1], out var seconds) && seconds > 0)
                {
                    return TimeSpan.FromSeconds(Math.Min(seconds, MaxSeconds));
                }
            }
        }

        return null;
    }

    /// <summary>Polls until the job is terminal or the wait ends; returns the last observed job.</summary>
    public static async Task<JobView?> WaitForTerminalAsync(
        Func<CancellationToken, Task<JobView?>> load, TimeSpan wait, TimeProvider clock, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + wait;
        var delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            var job = await load(cancellationToken);
            if (job is null || JobStatus.IsTerminal(job.Status) || clock.GetUtcNow() >= deadline)
            {
                return job;
            }

            await Task.Delay(delay, clock, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }
}
