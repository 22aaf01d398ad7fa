using System.Text.RegularExpressions;

namespace RunwareCloud.AppHost.Hosting.Supervision;

/// <summary>One line of a resource's console output.</summary>
public sealed record ResourceLogLine(long Sequence, DateTimeOffset Timestamp, string Text);

/// <summary>The last lines of a resource's console output (bounded), with a notification for each new line.</summary>
public sealed partial class ResourceLog(int capacity = 2000)
{
    private readonly Queue<ResourceLogLine> _lines = new();
    private readonly Lock _gate = new();
    private long _sequence;

    public event Action<ResourceLogLine>? LineAdded;

    public void Add(string text)
    {
        var line = new ResourceLogLine(Interlocked.Increment(ref _sequence), DateTimeOffset.UtcNow, AnsiEscape().Replace(text, ""));
        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }

        LineAdded?.Invoke(line);
    }

    public IReadOnlyList<ResourceLogLine> Snapshot()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
