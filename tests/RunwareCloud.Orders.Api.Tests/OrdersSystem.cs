extern alias emulator;
extern alias history;
extern alias pmr;
extern alias processing;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RunwareCloud.Orders.Api.Infrastructure;
using EmulatorServer = emulator::RunwareCloud.Runware.Emulator.EmulatorServer;
using HistoryDbContext = history::RunwareCloud.History.Api.Infrastructure.HistoryDbContext;
using HistoryProgram = history::Program;
using PmrEmulatorServer = pmr::RunwareCloud.Pmr.Emulator.PmrEmulatorServer;
using ProcessingDbContext = processing::RunwareCloud.Processing.Api.Infrastructure.ProcessingDbContext;
using ProcessingProgram = processing::Program;
using RunningEmulator = emulator::RunwareCloud.Runware.Emulator.RunningEmulator;
using RunningPmrEmulator = pmr::RunwareCloud.Pmr.Emulator.RunningPmrEmulator;

namespace RunwareCloud.Orders.Api.Tests;

/// <summary>
/// The order path of the system in one process on the run's real Postgres, RabbitMQ and Redis: the Runware emulator (fast
/// profile), the PMR emulator, history-api, processing-api and orders-api, each from its own Program on its own database,
/// all on one fresh vhost and configured as the AppHost configures them. history-api listens on loopback because the others
/// call it by address; a photo goes ProcessImage → processing worker → Runware → history stores the output → AssetsStored →
/// orders-api's next step or its PMR upload.
/// </summary>
public sealed class OrdersSystem : IAsyncDisposable
{
    public const string SigningKey = "orders-tests-signing-key-0123456789abcdef";
    private const string QuietLogs = "Logging:LogLevel:Default";

    private readonly string _assetRoot = Directory.CreateTempSubdirectory("orders-assets").FullName;
    private readonly Dictionary<string, string?> _ordersSettings = [];

    public RunningEmulator Runware { get; private set; } = null!;
    public RunningPmrEmulator Pmr { get; private set; } = null!;
    public ServiceFactory<HistoryProgram> History { get; private set; } = null!;
    public ServiceFactory<ProcessingProgram> Processing { get; private set; } = null!;

    /// <summary>orders-api; <see langword="null"/> while it is stopped.</summary>
    public ServiceFactory<Program>? Orders { get; private set; }

    public string OrdersDatabase { get; private set; } = "";

    /// <param name="ordersSettings">Settings for orders-api on top of the wiring (e.g. the PMR client's <c>Pmr:*</c> tuning).</param>
    public static async Task<OrdersSystem> StartAsync(IReadOnlyDictionary<string, string?>? ordersSettings = null)
    {
        var system = new OrdersSystem();
        await system.StartServicesAsync(ordersSettings ?? new Dictionary<string, string?>());
        return system;
    }

    private async Task StartServicesAsync(IReadOnlyDictionary<string, string?> ordersSettings)
    {
        Runware = await EmulatorServer.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Pmr = await PmrEmulatorServer.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var messaging = await TestInfrastructure.CreateVirtualHostAsync("orders").WaitAsync(TimeSpan.FromSeconds(30));
        var databases = (await Task.WhenAll(
            TestInfrastructure.CreateDatabaseAsync("history"),
            TestInfrastructure.CreateDatabaseAsync("processing"),
            TestInfrastructure.CreateDatabaseAsync("orders")).WaitAsync(TimeSpan.FromSeconds(30))).Select(WithSmallPool).ToArray();
        OrdersDatabase = databases[2];

        History = new ServiceFactory<HistoryProgram>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:historydb"] = databases[0],
            ["ConnectionStrings:messaging"] = messaging,
            ["Identity:SigningKey"] = SigningKey,
            ["History:AssetRoot"] = _assetRoot,
            [QuietLogs] = "Warning",
        }, listenOnLoopback: true).Start();
        var historyAddress = History.Address.ToString().TrimEnd('/');

        Processing = new ServiceFactory<ProcessingProgram>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:processingdb"] = databases[1],
            ["ConnectionStrings:messaging"] = messaging,
            ["ConnectionStrings:redis"] = TestInfrastructure.RedisConnectionString,
            ["ConnectionStrings:runware"] = Runware.ConnectionString,
            ["services:history-api:http:0"] = historyAddress,
            ["Identity:SigningKey"] = SigningKey,
            ["Redis:KeyPrefix"] = TestInfrastructure.CreateKeyPrefix("processing"),
            ["Runware:Pool:Connections"] = "2",
            [QuietLogs] = "Warning",
        }).Start();

        _ordersSettings["ConnectionStrings:ordersdb"] = OrdersDatabase;
        _ordersSettings["ConnectionStrings:messaging"] = messaging;
        _ordersSettings["ConnectionStrings:redis"] = TestInfrastructure.RedisConnectionString;
        _ordersSettings["ConnectionStrings:pmr"] = Pmr.ConnectionString;
        _ordersSettings["services:history-api:http:0"] = historyAddress;
        _ordersSettings["Identity:SigningKey"] = SigningKey;
        _ordersSettings["Redis:KeyPrefix"] = TestInfrastructure.CreateKeyPrefix("orders");
        _ordersSettings[QuietLogs] = "Warning";
        foreach (var (key, value) in ordersSettings)
        {
            _ordersSettings[key] = value;
        }

        StartOrders();
    }

    /// <summary>Three services share the run's Postgres with every other suite: a queue in our own pools beats "too many clients".</summary>
    private static string WithSmallPool(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 15 }.ConnectionString;

    public void StartOrders() => Orders ??= new ServiceFactory<Program>(_ordersSettings).Start();

    /// <summary>Stops orders-api the way a deployment does (graceful host stop); its queues keep what arrives meanwhile.</summary>
    public async Task StopOrdersAsync()
    {
        if (Orders is { } orders)
        {
            Orders = null;
            await orders.DisposeAsync();
        }
    }

    public HttpClient CreateClient(Guid userId, string role = Roles.User)
    {
        var orders = Orders ?? throw new InvalidOperationException("orders-api is stopped.");
        return orders.CreateClient(JwtTokens.Issue(new IdentityOptions { SigningKey = SigningKey }, userId, $"{role}-{userId:N}", role, DateTimeOffset.UtcNow));
    }

    public Task<T> WithProcessingAsync<T>(Func<ProcessingDbContext, Task<T>> query) => WithDbAsync(Processing.Services, query);

    public Task<T> WithHistoryAsync<T>(Func<HistoryDbContext, Task<T>> query) => WithDbAsync(History.Services, query);

    /// <summary>orders-api's database, reachable while orders-api itself is stopped.</summary>
    public async Task<T> WithOrdersAsync<T>(Func<OrdersDbContext, Task<T>> query)
    {
        await using var db = new OrdersDbContext(new DbContextOptionsBuilder<OrdersDbContext>().UseNpgsql(OrdersDatabase).Options);
        return await query(db).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<T> WithDbAsync<TDbContext, T>(IServiceProvider services, Func<TDbContext, Task<T>> query)
        where TDbContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TDbContext>()).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await StopOrdersAsync();
        await Processing.DisposeAsync();
        await History.DisposeAsync();
        await Pmr.DisposeAsync();
        await Runware.DisposeAsync();
        Directory.Delete(_assetRoot, recursive: true);
    }
}
