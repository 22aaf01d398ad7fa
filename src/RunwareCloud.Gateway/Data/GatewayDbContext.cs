using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Gateway.Data;

/// <remarks>Migrations in Data/Migrations, applied at start (see <see cref="GatewayDatabaseInitializer"/>); add one with <c>scripts/add-migration.sh</c>.</remarks>
public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.UserName).HasMaxLength(64);
            user.Property(u => u.NormalizedUserName).HasMaxLength(64);
            user.Property(u => u.Role).HasMaxLength(16);
            user.HasIndex(u => u.NormalizedUserName).IsUnique();
        });

        modelBuilder.Entity<ApiKey>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.Property(k => k.KeyHash).HasMaxLength(64);
            key.HasIndex(k => k.KeyHash).IsUnique();
            key.HasIndex(k => k.UserId);
            key.HasOne<User>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
