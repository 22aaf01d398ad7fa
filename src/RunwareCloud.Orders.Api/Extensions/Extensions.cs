using MassTransit;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Contracts.History;
using RunwareCloud.Messaging;
using RunwareCloud.Orders.Api.Apis;
using RunwareCloud.Orders.Api.Infrastructure;
using RunwareCloud.Orders.Api.Pmr;
using RunwareCloud.Orders.Api.Workflow;

namespace RunwareCloud.Orders.Api.Extensions;

public static class Extensions
{
    private const string DatabaseName = "ordersdb";
    private const int WorkflowConsumersAtOnce = 4;

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddDbContextPool<OrdersDbContext>(options =>
            options.UseNpgsql(builder.Configuration.GetRequiredConnectionString(DatabaseName)));
        builder.Services.AddHealthChecks().AddDbContextCheck<OrdersDbContext>();
        builder.Services.AddHostedService<DatabaseMigrator<OrdersDbContext>>();

        builder.AddRedisClient("redis");
        builder.AddRedisDistributedCache();

        builder.Services.AddOptions<PmrOptions>()
            .BindConfiguration(PmrOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) => options.BindConnectionString(configuration.GetConnectionString(PmrOptions.ConnectionName)))
            .Validate(options => options.Endpoint is not null, $"ConnectionStrings:{PmrOptions.ConnectionName} must name an Endpoint")
            .ValidateOnStart();
        builder.Services.AddSingleton<PmrClient>();
        builder.Services.AddScoped<PmrEventValidator>();
        builder.Services.AddHttpClient<HistoryClient>(client => client.BaseAddress = new Uri($"http://{HistoryClient.ServiceName}"));

        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<OrderWorkflow>();
        builder.Services.AddScoped<OrdersServices>();
        builder.Services.AddHostedService<PmrUploader>();

        builder.AddOutbox<OrdersDbContext>();
        builder.AddMessaging(bus =>
        {
            // Other services consume the same events with consumers of the same names: each service needs its own queues.
            bus.AddConsumer<AssetsStoredConsumer>().Endpoint(endpoint =>
            {
                Configure(endpoint, "orders-assets-stored");
                // Orders run processing jobs only.
                endpoint.AddConfigureEndpointCallback(receive => receive.ConsumeAssetsStored(AssetOrigins.Processing));
            });
            bus.AddConsumer<ImageProcessedConsumer>().Endpoint(endpoint => Configure(endpoint, "orders-image-processed"));
            bus.AddConsumer<ImageProcessingFailedConsumer>().Endpoint(endpoint => Configure(endpoint, "orders-image-processing-failed"));
        });
    }

    private static void Configure(IEndpointRegistrationConfigurator endpoint, string name)
    {
        endpoint.Name = name;
        // The steps of one order take turns on its row lock; more at once would only hold database connections while they wait.
        endpoint.ConcurrentMessageLimit = WorkflowConsumersAtOnce;
    }
}
