using System.Diagnostics;
using System.Text;

namespace RunwareCloud.AppHost.Hosting.Processes;

/// <summary>The outcome of a short command: its exit code and combined output.</summary>
public sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs short administrative commands (initdb, pg_ctl, rabbitmqctl, epmd) to completion.</summary>
public static class CommandRunner
{
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            ProcessTree.Kill(process);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish in time.");
        }

        lock (output)
        {
            return new CommandResult(process.ExitCode, output.ToString());
        }
    }

    /// <summary>Runs a command and throws with its output when it fails.</summary>
    public static async Task<CommandResult> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var list = arguments.ToList();
        var result = await RunAsync(fileName, list, environment, timeout, cancellationToken);
        return result.Succeeded
            ? result
            : throw new InvalidOperationException(
                $"'{Path.GetFileName(fileName)} {string.Join(' ', list)}' exited with {result.ExitCode}: {result.Output.Trim()}");
    }
}
