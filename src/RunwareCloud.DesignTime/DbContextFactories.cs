using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RunwareCloud.Gateway.Data;
using RunwareCloud.Generation.Api.Infrastructure;
using RunwareCloud.History.Api.Infrastructure;
using RunwareCloud.Orders.Api.Infrastructure;
using RunwareCloud.Processing.Api.Infrastructure;

namespace RunwareCloud.DesignTime;

/// <summary>
/// Builds a service's DbContext for dotnet ef without starting the service. Adding a migration never connects; commands
/// that do (<c>database update</c>, <c>migrations list</c>) use <c>ConnectionStrings__&lt;database&gt;</c> when it is set.
/// </summary>
public abstract class NpgsqlDesignTimeFactory<TContext>(string database, Func<DbContextOptions<TContext>, TContext> create)
    : IDesignTimeDbContextFactory<TContext> where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable($"ConnectionStrings__{database}")
            ?? $"Host=127.0.0.1;Database={database}";
        return create(new DbContextOptionsBuilder<TContext>().UseNpgsql(connectionString).Options);
    }
}

public sealed class GatewayDbContextFactory() : NpgsqlDesignTimeFactory<GatewayDbContext>("gatewaydb", options => new(options));

public sealed class GenerationDbContextFactory() : NpgsqlDesignTimeFactory<GenerationDbContext>("generationdb", options => new(options));

public sealed class HistoryDbContextFactory() : NpgsqlDesignTimeFactory<HistoryDbContext>("historydb", options => new(options));

public sealed class OrdersDbContextFactory() : NpgsqlDesignTimeFactory<OrdersDbContext>("ordersdb", options => new(options));

public sealed class ProcessingDbContextFactory() : NpgsqlDesignTimeFactory<ProcessingDbContext>("processingdb", options => new(options));
