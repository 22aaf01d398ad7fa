using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.History.Api.Apis;
using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Consumers;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Extensions;

public static class Extensions
{
    private const string DatabaseName = "historydb";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.Services.AddOpenApi();

        builder.Services.AddOptions<HistoryOptions>()
            .BindConfiguration(HistoryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var connectionString = builder.Configuration.GetRequiredConnectionString(DatabaseName);
        builder.Services.AddDbContextPool<HistoryDbContext>(options => options.UseNpgsql(connectionString));
        builder.Services.AddHealthChecks().AddDbContextCheck<HistoryDbContext>();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IAssetStore, FileSystemAssetStore>();
        builder.Services.AddSingleton<IThumbnailer, ImagingThumbnailer>();
        builder.Services.AddSingleton<AssetInspector>();
        builder.Services.AddSingleton<AssetCatalog>();
        builder.Services.AddMemoryCache(cache => cache.SizeLimit = 100_000);
        builder.Services.AddSingleton<AssetLocator>();
        builder.Services.AddScoped<HistorySearch>();
        builder.Services.AddScoped<OutputArchiver>();
        builder.Services.AddHttpClient<OutputDownloader>();

        builder.AddOutbox<HistoryDbContext>();
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<GenerationSucceededConsumer, GenerationSucceededConsumerDefinition>();
            bus.AddConsumer<ImageProcessedConsumer, ImageProcessedConsumerDefinition>();
        });
    }
}
