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

    /// <summary>Sends SIGTERM to one PID (a graceful stop request), ignoring a process that is already gone.</summary>
    public static void Terminate(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _ = NativeMethods.kill(pid, NativeMethods.SIGTERM);
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
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

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int sig);
    }
}
