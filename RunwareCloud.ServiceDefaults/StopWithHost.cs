using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RunwareCloud.ServiceDefaults;

/// <summary>
/// Stops the service when the AppHost that started it is gone, even when it was killed outright: the host holds the write
/// end of the service's standard input for the service's whole life, so end of input means the host has exited. Only
/// with <c>RUNWARECLOUD_STOP_WITH_HOST=stdin</c>, which the AppHost sets; started any other way (a container, a
/// terminal) a service never reads its standard input.
/// </summary>
internal sealed partial class StopWithHost(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<StopWithHost> logger)
    : IHostedService
{
    public const string Setting = "RUNWARECLOUD_STOP_WITH_HOST";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration[Setting] == "stdin")
        {
            // A blocking read on a thread of its own: standard input is a pipe, and the thread pool should not wait on it.
            new Thread(WaitForEndOfInput) { IsBackground = true, Name = "Stop with host" }.Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void WaitForEndOfInput()
    {
        try
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (input.Read(buffer) > 0)
            {
            }
        }
        catch (IOException)
        {
        }

        LogHostGone();
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The host that started this service has exited; stopping")]
    private partial void LogHostGone();
}
