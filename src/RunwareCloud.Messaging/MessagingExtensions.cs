using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RunwareCloud.Messaging;

namespace Microsoft.Extensions.Hosting;

public static class MessagingExtensions
{
    private const string ConnectionName = "messaging";

    /// <summary>
    /// Adds MassTransit on RabbitMQ from the "messaging" connection string (an AMQP URI including the vhost), with
    /// kebab-case endpoint names, immediate retry of transient consumer failures and <c>_error</c> queues for the rest.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
    {
        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName);
        var endpointPrefix = builder.Configuration[$"{MessagingOptions.SectionName}:{nameof(MessagingOptions.EndpointPrefix)}"];

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(endpointPrefix, includeNamespace: false));
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var options = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Intervals(options.RetryIntervals is { Length: > 0 } intervals ? intervals : MessagingOptions.DefaultRetryIntervals);
                    TransientFailures.IgnorePermanent(retry);
                });
            });
            configure?.Invoke(bus);
            // Read when the bus is created, not here, so test hosts that replace configuration late are honoured.
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var connectionString = context.GetRequiredService<IConfiguration>().GetRequiredConnectionString(ConnectionName);
                rabbit.Host(new Uri(connectionString));
                rabbit.PrefetchCount = context.GetRequiredService<IOptions<MessagingOptions>>().Value.PrefetchCount;
                rabbit.UseEventRouting();
                rabbit.ConfigureEndpoints(context);
            });
        });

        return builder;
    }

    /// <summary>
    /// Registers <see cref="IOutbox{TDbContext}"/> and the relay that publishes its committed rows. The DbContext's model
    /// must call <see cref="ModelBuilderExtensions.AddOutboxAndInbox"/>.
    /// </summary>
    public static IHostApplicationBuilder AddOutbox<TDbContext>(this IHostApplicationBuilder builder, Action<OutboxOptions>? configure = null)
        where TDbContext : DbContext
    {
        var name = typeof(TDbContext).FullName!;
        var optionsBuilder = builder.Services.AddOptions<OutboxOptions>(name).BindConfiguration(OutboxOptions.SectionName);
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<OutboxSignal<TDbContext>>();
        builder.Services.TryAddSingleton<OutboxDispatcher<TDbContext>>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher<TDbContext>>());
        builder.Services.TryAddSingleton(services => new OutboxCommitInterceptor<TDbContext>(
            services.GetRequiredService<OutboxSignal<TDbContext>>(), services.GetRequiredService<OutboxDispatcher<TDbContext>>()));
        builder.Services.ConfigureDbContext<TDbContext>((services, db) =>
            db.AddInterceptors(services.GetRequiredService<OutboxCommitInterceptor<TDbContext>>()));
        builder.Services.TryAddScoped<IOutbox<TDbContext>, Outbox<TDbContext>>();
        builder.Services.AddHostedService<OutboxRelay<TDbContext>>();

        return builder;
    }
}
