using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Orders.Api.Infrastructure;

/// <summary>Creates the schema before the service takes traffic, and makes the audit log append-only in the database itself.</summary>
public sealed class OrdersDatabase(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"""
            CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS audit_log_append_only ON {OrdersDbContext.AuditTable};
            CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON {OrdersDbContext.AuditTable}
                FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
            """, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
