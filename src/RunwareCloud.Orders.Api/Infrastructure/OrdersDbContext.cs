using Microsoft.EntityFrameworkCore;
using RunwareCloud.Messaging;
using RunwareCloud.Orders.Api.Model;

namespace RunwareCloud.Orders.Api.Infrastructure;

/// <remarks>Migrations in Infrastructure/Migrations, the audit-log trigger included, applied at start (see <see cref="DatabaseMigrator{TDbContext}"/>); add one with <c>scripts/add-migration.sh</c>.</remarks>
public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    public const string OrdersTable = "orders";
    public const string AuditTable = "audit_log";

    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderImage> Images => Set<OrderImage>();
    public DbSet<PhotoEvent> Events => Set<PhotoEvent>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    /// <summary>Loads an order and locks its row until the transaction ends, so per-order workflow steps run one at a time.</summary>
    public async Task<Order?> LockOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM orders WHERE \"Id\" = {orderId} FOR UPDATE", cancellationToken);
        return await Orders.Include(o => o.Images).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();

        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable(OrdersTable);
            order.HasKey(o => o.Id);
            order.Property(o => o.EventId).HasMaxLength(100);
            order.Property(o => o.CustomerName).HasMaxLength(200);
            order.Property(o => o.CustomerEmail).HasMaxLength(320);
            order.Property(o => o.Status).HasMaxLength(32);
            order.Property(o => o.Version).IsRowVersion();
            order.HasMany(o => o.Images).WithOne().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Cascade);
            order.HasIndex(o => new { o.Status, o.CreatedAt });
            order.HasIndex(o => new { o.UserId, o.CreatedAt });
            order.HasIndex(o => o.EventId);
        });

        modelBuilder.Entity<OrderImage>(image =>
        {
            image.ToTable("order_images");
            image.HasKey(i => i.Id);
            image.Property(i => i.FileName).HasMaxLength(260);
            image.Property(i => i.ContentType).HasMaxLength(100);
            image.Property(i => i.Status).HasMaxLength(32);
            image.HasIndex(i => i.CurrentJobId);
        });

        modelBuilder.Entity<PhotoEvent>(photoEvent =>
        {
            photoEvent.ToTable("events");
            photoEvent.HasKey(e => e.Id);
            photoEvent.Property(e => e.Id).HasMaxLength(100);
            photoEvent.Property(e => e.Name).HasMaxLength(200);
        });

        modelBuilder.Entity<AuditEntry>(audit =>
        {
            audit.ToTable(AuditTable);
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Id).UseIdentityAlwaysColumn();
            audit.Property(a => a.Details).HasColumnType("jsonb");
            audit.HasIndex(a => new { a.OrderId, a.Id });
        });
    }
}
