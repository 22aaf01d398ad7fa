using System.Diagnostics;

namespace RunwareCloud.AppHost.Hosting.Processes;

/// <summary>What to start: a program, its arguments, working directory and extra environment.</summary>
public sealed record ProcessSpec
{
    public required string FileName { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public string? WorkingDirectory { get; init; }
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// A long-running child process in its own session (so a terminal's Ctrl+C reaches only the host, which then stops
/// children in order), with its output delivered line by line and its exit observable.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private const string SetSid = "/usr/bin/setsid";
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Completes when both output streams have ended, so every line the process wrote has been delivered.</summary>
    public Task OutputEnded => Task.WhenAll(_outputEnded.Task, _errorEnded.Task);

    public static ManagedProcess Start(ProcessSpec spec, Action<string> onOutput)
    {
        // setsid keeps the PID (the child is not a group leader) and detaches it from the terminal's process group.
        var useSetSid = !OperatingSystem.IsWindows() && File.Exists(SetSid);
        var startInfo = new ProcessStartInfo(useSetSid ? SetSid : spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? System.Environment.CurrentDirectory,
        };
        if (useSetSid)
        {
            startInfo.ArgumentList.Add(spec.FileName);
        }

        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process);
        process.OutputDataReceived += (_, e) => Deliver(e.Data, onOutput, managed._outputEnded);
        process.ErrorDataReceived += (_, e) => Deliver(e.Data, onOutput, managed._errorEnded);
        process.Start();
        managed.StartedAt = DateTimeOffset.UtcNow;
        process.Exited += (_, _) => managed.OnExited();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            managed.OnExited();
        }

        return managed;
    }

    private static void Deliver(string? line, Action<string> onOutput, TaskCompletionSource ended)
    {
        if (line is null)
        {
            ended.TrySetResult();
        }
        else
        {
            onOutput(line);
        }
    }

    private void OnExited()
    {
        int code;
        try
        {
            // Bounded: an orphaned grandchild may hold the output pipes open for ever.
            _process.WaitForExit(TimeSpan.FromSeconds(2));
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        _exited.TrySetResult(code);
    }

    /// <summary>
    /// Stops the process: runs the graceful request (or sends SIGTERM), waits up to <paramref name="grace"/>, then kills
    /// the whole tree this process started.
    /// </summary>
    public async Task StopAsync(Func<Task>? gracefulStop, TimeSpan grace)
    {
        try
        {
            await StopProcessAsync(gracefulStop, grace);
        }
        finally
        {
            // Whatever the process left behind in its session (e.g. a background job of a shell) goes too.
            ProcessTree.KillSession(Pid);
        }
    }

    private async Task StopProcessAsync(Func<Task>? gracefulStop, TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        try
        {
            if (gracefulStop is not null)
            {
                await gracefulStop().WaitAsync(grace);
            }
            else
            {
                ProcessTree.Terminate(Pid);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or IOException)
        {
            ProcessTree.Terminate(Pid);
        }

        try
        {
            await Exited.WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            ProcessTree.Kill(_process);
            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(10)));
        }
    }

    public void Kill()
    {
        ProcessTree.Kill(_process);
        ProcessTree.KillSession(Pid);
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            Kill();
            try
            {
                await Exited.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
            }
        }

        _process.Dispose();
    }
}
