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
        var connectionString = builder.Configuration.GetRequiredConnectionString(ConnectionName);
        var options = builder.Configuration.GetSection(MessagingOptions.SectionName).Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix, includeNamespace: false));
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Intervals(options.RetryIntervals is { Length: > 0 } intervals ? intervals : MessagingOptions.DefaultRetryIntervals);
                    TransientFailures.IgnorePermanent(retry);
                });
            });
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.PrefetchCount = options.PrefetchCount;
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
        builder.Services.TryAddSingleton<OutboxSignalInterceptor<TDbContext>>();
        builder.Services.ConfigureDbContext<TDbContext>((services, db) =>
            db.AddInterceptors(services.GetRequiredService<OutboxSignalInterceptor<TDbContext>>()));
        builder.Services.TryAddScoped<IOutbox<TDbContext>, Outbox<TDbContext>>();
        builder.Services.AddHostedService<OutboxRelay<TDbContext>>();

        return builder;
    }
}
