using MassTransit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Npgsql;
using RunwareCloud.Notifications.Api.Apis;
using RunwareCloud.Notifications.Api.Authentication;
using RunwareCloud.Notifications.Api.Consumers;
using RunwareCloud.Notifications.Api.Hubs;
using RunwareCloud.Notifications.Api.Notifications;
using RunwareCloud.Notifications.Api.Streaming;
using RunwareCloud.Notifications.Api.Webhooks;
using RunwareCloud.ServiceDefaults.Security;

namespace RunwareCloud.Notifications.Api.Extensions;

public static class Extensions
{
    private const string DatabaseName = "notificationsdb";
    private const string RedisName = "redis";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AcceptAccessTokenInQuery(NotificationsApi.StreamPath, NotificationsHub.Path);

        builder.Services.AddOptions<NotificationsOptions>()
            .BindConfiguration(NotificationsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(builder.Configuration.GetRequiredConnectionString(DatabaseName)));
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>(DatabaseName, tags: ["ready"]);
        builder.Services.AddHostedService<WebhookSchema>();
        builder.AddRedisClient(RedisName);

        builder.Services.AddSignalR().AddJsonProtocol(json =>
            json.PayloadSerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        builder.Services.AddSingleton<LiveSubscribers>();
        builder.Services.AddSingleton<HubPresence>();
        builder.Services.AddSingleton<LiveNotifications>();
        builder.Services.AddSingleton<INotificationLog, RedisNotificationLog>();
        builder.Services.AddSingleton<NotificationPublisher>();
        builder.Services.AddHostedService<NotificationFanout>();
        builder.Services.AddHostedService<StreamHeartbeats>();

        builder.Services.AddSingleton<WebhookStore>();
        builder.Services.AddSingleton<WebhookUserIndex>();
        builder.Services.AddSingleton(services => new SsrfGuard(
            () => services.GetRequiredService<IOptionsMonitor<WebhookOptions>>().CurrentValue.AllowPrivateTargets));
        builder.Services.AddSingleton<WebhookHttpClient>();
        builder.Services.AddHostedService<WebhookDispatcher>();

        builder.Services.AddSingleton<UserLanes>();
        builder.AddMessaging(bus => bus.AddConsumer<UserEventsConsumer, UserEventsConsumerDefinition>());

        builder.Services.AddOpenApi();
    }

    public static WebApplication MapNotificationsHub(this WebApplication app)
    {
        app.MapHub<NotificationsHub>(NotificationsHub.Path);
        return app;
    }
}
