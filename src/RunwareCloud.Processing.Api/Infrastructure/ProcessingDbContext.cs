using Microsoft.EntityFrameworkCore;
using RunwareCloud.Jobs;
using RunwareCloud.Messaging;
using RunwareCloud.Processing.Api.Model;

namespace RunwareCloud.Processing.Api.Infrastructure;

/// <remarks>Migrations in Infrastructure/Migrations, outbox and inbox tables included, applied at start (<see cref="DatabaseMigrator{TDbContext}"/>); add one with <c>scripts/add-migration.sh</c>.</remarks>
public sealed class ProcessingDbContext(DbContextOptions<ProcessingDbContext> options) : DbContext(options)
{
    public DbSet<ProcessingJob> Jobs => Set<ProcessingJob>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<ProcessingJob>(job =>
        {
            job.MapJob("processing_jobs");
            job.HasIndex(j => j.OrderId);
        });
    }
}
