using Microsoft.EntityFrameworkCore;
using RunwareCloud.Generation.Api.Model;
using RunwareCloud.Jobs;
using RunwareCloud.Messaging;

namespace RunwareCloud.Generation.Api.Infrastructure;

/// <remarks>
/// Migrations in Infrastructure/Migrations are applied at start (<see cref="DatabaseMigrator{TDbContext}"/>); the outbox and inbox tables live here too so that a
/// job and the messages about it commit together.
/// </remarks>
public sealed class GenerationDbContext(DbContextOptions<GenerationDbContext> options) : DbContext(options)
{
    public DbSet<GenerationJob> Jobs => Set<GenerationJob>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();

        modelBuilder.Entity<GenerationJob>(job =>
        {
            job.MapJob("generation_jobs");
            job.Property(j => j.Model).HasMaxLength(128);
            job.Property(j => j.PreviewsJson).HasColumnType("jsonb");
        });
    }
}
