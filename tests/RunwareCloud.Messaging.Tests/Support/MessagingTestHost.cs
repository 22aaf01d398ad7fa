using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RunwareCloud.Messaging.Tests.Support;

/// <summary>A service-shaped host: the tests' DbContext with outbox and inbox, MassTransit on a test vhost.</summary>
public sealed class MessagingTestHost(IHost host, bool started, string amqpUri) : IAsyncDisposable
{
    public string AmqpUri => amqpUri;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public IServiceProvider Services => host.Services;

    public Received Received => host.Services.GetRequiredService<Received>();

    public static async Task<MessagingTestHost> CreateAsync(string amqpUri, string database,
        Action<IBusRegistrationConfigurator>? consumers = null, bool start = true, bool waitForBus = true,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = amqpUri,
            ["Messaging:RetryIntervals:0"] = "20",
            ["Messaging:RetryIntervals:1"] = "40",
            ["Messaging:RetryIntervals:2"] = "80",
            ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
            ["Messaging:Outbox:PublishTimeout"] = "00:00:05",
            ["Messaging:Outbox:MinRetryDelay"] = "00:00:00.100",
            ["Messaging:Outbox:MaxRetryDelay"] = "00:00:00.500",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton(new Received());
        builder.Services.AddDbContext<TestDbContext>(options => options.UseNpgsql(database));
        builder.Services.AddHealthChecks();
        builder.AddMessaging(bus =>
        {
            bus.AddConsumeObserver<PostConsumeCounter>();
            consumers?.Invoke(bus);
        });
        builder.AddOutbox<TestDbContext>();

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync().WaitAsync(Timeout);
        }

        if (start)
        {
            await host.StartAsync().WaitAsync(Timeout);
            if (waitForBus)
            {
                await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, Timeout);
            }
        }

        return new MessagingTestHost(host, start, amqpUri);
    }

    public async Task<T> WithDbAsync<T>(Func<TestDbContext, IOutbox<TestDbContext>, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TestDbContext>(), scope.ServiceProvider.GetRequiredService<IOutbox<TestDbContext>>())
            .WaitAsync(Timeout);
    }

    public Task<List<OutboxMessage>> OutboxRowsAsync() =>
        WithDbAsync((db, _) => db.Set<OutboxMessage>().AsNoTracking().OrderBy(row => row.CreatedAt).ToListAsync());

    public Task<Widget> CreateWidgetAsync(string name) => WithDbAsync(async (db, outbox) =>
    {
        var widget = new Widget { Id = Guid.NewGuid(), Name = name };
        db.Widgets.Add(widget);
        outbox.Publish(WidgetCreated.For(widget.Id, name));
        await db.SaveChangesAsync();
        return widget;
    });

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (started)
            {
                await host.StopAsync().WaitAsync(Timeout);
            }
        }
        finally
        {
            host.Dispose();
        }
    }
}
