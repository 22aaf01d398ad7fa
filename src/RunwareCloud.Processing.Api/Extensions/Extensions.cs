using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.History;
using RunwareCloud.Messaging;
using RunwareCloud.Processing.Api.Infrastructure;
using RunwareCloud.Processing.Api.Worker;

namespace RunwareCloud.Processing.Api.Extensions;

public static class Extensions
{
    private const string DatabaseName = "processingdb";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddDbContextPool<ProcessingDbContext>(options =>
            options.UseNpgsql(builder.Configuration.GetRequiredConnectionString(DatabaseName)));
        builder.Services.AddHealthChecks().AddDbContextCheck<ProcessingDbContext>(tags: ["ready"]);
        builder.Services.AddHostedService<DatabaseMigrator<ProcessingDbContext>>();
        builder.Services.AddScoped<ProcessingJobStore>();

        builder.AddRedisClient("redis");
        builder.AddRunwareClient("runware");
        builder.AddJobServices();

        var worker = builder.Configuration.GetSection(ProcessingWorkerOptions.SectionName).Get<ProcessingWorkerOptions>()
            ?? new ProcessingWorkerOptions();
        builder.Services.AddOptions<ProcessingWorkerOptions>().BindConfiguration(ProcessingWorkerOptions.SectionName);
        builder.AddMessaging(bus =>
        {
            // Both job services consume AssetsStored, each from its own queue and only for its own jobs.
            bus.AddConsumer<AssetsStoredConsumer>().Endpoint(endpoint =>
            {
                endpoint.Name = "processing-assets-stored";
                endpoint.AddConfigureEndpointCallback(receive => receive.ConsumeAssetsStored(AssetOrigins.Processing));
            });
            if (worker.Enabled)
            {
                bus.AddConsumer<ProcessImageConsumer, ProcessImageConsumerDefinition>();
            }
        });
        builder.AddOutbox<ProcessingDbContext>();
        builder.Services.AddHostedService<ProcessingDeadlineSweeper>();
    }
}
