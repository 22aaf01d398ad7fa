using Microsoft.Extensions.Options;
using RunwareCloud.Pmr.Emulator.Apis;

namespace RunwareCloud.Pmr.Emulator.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder, Action<PmrEmulatorOptions>? configure = null)
    {
        builder.Services.AddOpenApi();
        builder.Services.TryAddSingletonTimeProvider();
        var options = builder.Services.AddOptions<PmrEmulatorOptions>().BindConfiguration(PmrEmulatorOptions.SectionName)
            .Validate(o => o.ClientId.Length > 0 && o.ClientSecret.Length > 0 && o.ApiKey.Length > 0,
                "Emulator:ClientId, Emulator:ClientSecret and Emulator:ApiKey must be set")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSingleton<PmrStore>();
        builder.Services.AddSingleton(services =>
        {
            var injector = new FaultInjector(services.GetRequiredService<TimeProvider>());
            injector.Apply(services.GetRequiredService<IOptions<PmrEmulatorOptions>>().Value.Faults);
            return injector;
        });
        builder.Services.AddSingleton<PmrServices>();
    }

    public static WebApplication MapEmulatorApis(this WebApplication app)
    {
        app.MapPmrApi();
        app.MapAdminApi();
        return app;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
