using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.History;
using RunwareCloud.Generation.Api.Apis;
using RunwareCloud.Generation.Api.Infrastructure;
using RunwareCloud.Generation.Api.Worker;
using RunwareCloud.Jobs;
using RunwareCloud.Messaging;

namespace RunwareCloud.Generation.Api.Extensions;

public static class Extensions
{
    private const string DatabaseName = "generationdb";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddDbContextPool<GenerationDbContext>(options =>
            options.UseNpgsql(builder.Configuration.GetRequiredConnectionString(DatabaseName)));
        builder.Services.AddHealthChecks().AddDbContextCheck<GenerationDbContext>(tags: ["ready"]);
        builder.Services.AddHostedService<DatabaseMigrator<GenerationDbContext>>();
        builder.Services.AddScoped<GenerationJobStore>();

        builder.AddRedisClient("redis");
        builder.AddRedisDistributedCache();
        builder.AddRunwareClient("runware");
        builder.AddJobServices();

        var worker = builder.Configuration.GetSection(GenerationWorkerOptions.SectionName).Get<GenerationWorkerOptions>()
            ?? new GenerationWorkerOptions();
        builder.Services.AddOptions<GenerationWorkerOptions>().BindConfiguration(GenerationWorkerOptions.SectionName);
        builder.Services.AddScoped<IGenerationEngine, RunwareGenerationEngine>();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<ModelAvailability>();
        builder.Services.AddScoped<GenerationInputChecks>();
        builder.AddMessaging(bus =>
        {
            // Both job services consume AssetsStored, each from its own queue and only for its own jobs.
            bus.AddConsumer<AssetsStoredConsumer>().Endpoint(endpoint =>
            {
                endpoint.Name = "generation-assets-stored";
                endpoint.AddConfigureEndpointCallback(receive => receive.ConsumeAssetsStored(AssetOrigins.Generation));
            });
            if (worker.Enabled)
            {
                bus.AddConsumer<GenerationRequestedConsumer, GenerationRequestedConsumerDefinition>();
            }
        });
        builder.AddOutbox<GenerationDbContext>();
        builder.Services.AddHostedService<GenerationDeadlineSweeper>();
    }
}
