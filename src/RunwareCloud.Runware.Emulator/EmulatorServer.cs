using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RunwareCloud.Runware.Emulator.Extensions;

namespace RunwareCloud.Runware.Emulator;

/// <summary>Starts the emulator in-process on a free loopback port (for tests of anything that talks to Runware).</summary>
public static class EmulatorServer
{
    /// <summary>
    /// Starts Kestrel on 127.0.0.1:0 with the <see cref="LatencyProfile.Fast"/> profile unless <paramref name="configure"/>
    /// says otherwise. Configuration from the environment ("Emulator__...") applies first, <paramref name="configure"/> last.
    /// </summary>
    public static async Task<RunningEmulator> StartAsync(Action<EmulatorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddApplicationServices(options =>
        {
            options.LatencyProfile = LatencyProfile.Fast;
            configure?.Invoke(options);
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapDefaultEndpoints();
        app.MapEmulatorApis();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningEmulator(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }
}
