using Microsoft.AspNetCore.WebSockets;
using System.Text.Json.Serialization;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Apis;
using RunwareCloud.Runware.Emulator.Faults;
using RunwareCloud.Runware.Emulator.Hosting;
using RunwareCloud.Runware.Emulator.Media;
using RunwareCloud.Runware.Emulator.Tasks;

namespace RunwareCloud.Runware.Emulator.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder, Action<EmulatorOptions>? configure = null)
    {
        builder.Services.AddOpenApi();
        builder.Services.AddOptions<EmulatorOptions>()
            .BindConfiguration(EmulatorOptions.SectionName)
            .Configure(options => configure?.Invoke(options))
            .Validate(o => o.MaxConcurrentTasksPerApiKey >= 1, "Emulator:MaxConcurrentTasksPerApiKey must be at least 1.")
            .Validate(o => o.MediaTtl > TimeSpan.Zero, "Emulator:MediaTtl must be positive.")
            .Validate(o => o.CreditBudget is null or >= 0, "Emulator:CreditBudget must be zero or more.")
            .ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddWebSockets(options => options.KeepAliveInterval = TimeSpan.FromSeconds(30));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EmulatorStats>();
        builder.Services.AddSingleton<ApiKeyPolicy>();
        builder.Services.AddSingleton<CreditLedger>();
        builder.Services.AddSingleton<ConcurrencyGate>();
        builder.Services.AddSingleton<LatencyModel>();
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<ConnectionHub>();
        builder.Services.AddSingleton<MediaStore>();
        builder.Services.AddSingleton<MediaPublisher>();
        builder.Services.AddSingleton<ImageInputResolver>();
        builder.Services.AddSingleton<AsyncTaskStore>();
        builder.Services.AddSingleton<TaskDispatcher>();
        builder.Services.AddSingleton<EmulatorServices>();
        builder.Services.AddHttpClient(ImageInputResolver.HttpClientName);

        builder.Services.AddSingleton<IRunwareTask, ImageInferenceTask>();
        builder.Services.AddSingleton<IRunwareTask, ImageUploadTask>();
        builder.Services.AddSingleton<IRunwareTask, RemoveBackgroundTask>();
        builder.Services.AddSingleton<IRunwareTask, UpscaleTask>();
        builder.Services.AddSingleton<IRunwareTask, CaptionTask>();
        builder.Services.AddSingleton<IRunwareTask, PromptEnhanceTask>();
        builder.Services.AddSingleton<IRunwareTask, ModelSearchTask>();
        builder.Services.AddSingleton<IRunwareTask, VideoInferenceTask>();
    }

    /// <summary>Every endpoint of the emulator: WebSocket and REST transports, media, admin.</summary>
    public static WebApplication MapEmulatorApis(this WebApplication app)
    {
        app.UseWebSockets();
        app.MapRunwareSocketApi();
        app.MapRunwareRestApi();
        app.MapMediaApi();
        app.MapAdminApi();
        return app;
    }
}
