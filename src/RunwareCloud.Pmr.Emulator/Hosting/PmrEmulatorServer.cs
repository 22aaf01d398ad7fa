using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RunwareCloud.Pmr.Emulator.Extensions;

namespace RunwareCloud.Pmr.Emulator;

/// <summary>Starts the PMR emulator in-process on a free loopback port (for tests of anything that talks to the PMR).</summary>
public static class PmrEmulatorServer
{
    public static async Task<RunningPmrEmulator> StartAsync(Action<PmrEmulatorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PmrEmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddApplicationServices(configure);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapDefaultEndpoints();
        app.MapEmulatorApis();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningPmrEmulator(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }
}
