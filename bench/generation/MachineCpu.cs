using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>
/// CPU time of every process on the machine, grouped by what it is (each RunwareCloud service by name, postgres, the
/// broker, redis), so a run can say where the CPU per job went. Reads /proc; empty elsewhere.
/// </summary>
internal static partial class MachineCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, the unit of /proc/<pid>/stat times on Linux

    public static Dictionary<int, (string Name, double Seconds)> Snapshot()
    {
        var snapshot = new Dictionary<int, (string, double)>();
        if (!Directory.Exists("/proc"))
        {
            return snapshot;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var ticks = TicksOf(stat);
                var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var comm = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                snapshot[pid] = (NameOf(command, comm), ticks / TicksPerSecond);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while being read.
            }
        }

        return snapshot;
    }

    /// <summary>
    /// CPU seconds used so far by each live tiered-compilation thread of the .NET processes, by (process, thread). While
    /// they still use CPU a service is recompiling hot code, not yet running at its steady state.
    /// </summary>
    public static Dictionary<(int Process, int Thread), double> JitThreads()
    {
        var threads = new Dictionary<(int, int), double>();
        foreach (var process in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            if (!int.TryParse(Path.GetFileName(process), out var pid))
            {
                continue;
            }

            try
            {
                foreach (var task in Directory.EnumerateDirectories(Path.Combine(process, "task")))
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    if (stat.Contains("(.NET Tiered Com)", StringComparison.Ordinal))
                    {
                        threads[(pid, int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture))] = TicksOf(stat) / TicksPerSecond;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process or thread ended while being read.
            }
        }

        return threads;
    }

    /// <summary>CPU seconds spent between two snapshots, per group, largest first.</summary>
    public static List<(string Name, double Seconds)> Between(Dictionary<int, (string Name, double Seconds)> before,
        Dictionary<int, (string Name, double Seconds)> after) =>
        after.Select(entry => (entry.Value.Name, Seconds: entry.Value.Seconds - (before.TryGetValue(entry.Key, out var earlier) ? earlier.Seconds : 0)))
            .GroupBy(entry => entry.Name)
            .Select(group => (group.Key, group.Sum(entry => entry.Seconds)))
            .Where(entry => entry.Item2 > 0)
            .OrderByDescending(entry => entry.Item2)
            .ToList();

    private static long TicksOf(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static string NameOf(string command, string comm)
    {
        if (ServiceName().Match(command) is { Success: true } service)
        {
            return service.Groups[1].Value;
        }

        return comm switch
        {
            _ when comm.StartsWith("postgres", StringComparison.Ordinal) || command.Contains("postgres", StringComparison.Ordinal) => "postgres",
            "beam.smp" or "epmd" or "erl_child_setup" or "inet_gethost" => "rabbitmq",
            _ when comm.StartsWith("redis", StringComparison.Ordinal) => "redis",
            _ => "other",
        };
    }

    [GeneratedRegex(@"RunwareCloud\.([\w.]+)\.dll")]
    private static partial Regex ServiceName();
}
