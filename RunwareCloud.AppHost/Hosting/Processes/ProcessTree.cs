using System.Diagnostics;

namespace RunwareCloud.AppHost.Hosting.Processes;

/// <summary>Ends processes this host started, by their PID and their descendants only (never by name).</summary>
public static class ProcessTree
{
    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exited between the check and the kill.
        }
    }

    /// <summary>
    /// Sends SIGTERM (a graceful stop request) to the process group the host created for <paramref name="pid"/> (children
    /// start as group and session leaders), or to the PID alone when that group is gone.
    /// </summary>
    public static void Terminate(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (NativeMethods.kill(-pid, NativeMethods.SIGTERM) != 0)
        {
            _ = NativeMethods.kill(pid, NativeMethods.SIGTERM);
        }
    }

    /// <summary>
    /// Kills what is left of the session the host created for <paramref name="sessionId"/> (a child started through
    /// setsid): descendants that outlived their parent are re-parented, but keep the session.
    /// </summary>
    public static void KillSession(int sessionId)
    {
        if (OperatingSystem.IsWindows() || sessionId <= 1)
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var candidate) || candidate == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture) == sessionId)
                {
                    _ = NativeMethods.kill(candidate, NativeMethods.SIGKILL);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>True while the PID runs (a zombie waiting for its parent to reap it has ended).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>A PID's command line, for messages ("" when it is gone).</summary>
    public static string Describe(int pid)
    {
        try
        {
            return $"{pid} {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()}";
        }
        catch (IOException)
        {
            return $"{pid} (gone)";
        }
    }

    /// <summary>The PIDs of a process and all its descendants, read from /proc.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var candidate))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(candidate);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        var result = new List<int>();
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var current))
        {
            result.Add(current);
            if (children.TryGetValue(current, out var list))
            {
                foreach (var child in list)
                {
                    pending.Push(child);
                }
            }
        }

        return result;
    }

    private static class NativeMethods
    {
        public const int SIGTERM = 15;
        public const int SIGKILL = 9;

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int sig);
    }
}
