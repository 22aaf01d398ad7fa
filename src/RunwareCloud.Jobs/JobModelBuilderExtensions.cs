using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RunwareCloud.Jobs;

public static class JobModelBuilderExtensions
{
    /// <summary>Maps the shared job columns, with the indexes the list and deadline queries use.</summary>
    public static EntityTypeBuilder<TJob> MapJob<TJob>(this EntityTypeBuilder<TJob> job, string table) where TJob : Job
    {
        job.ToTable(table);
        job.HasKey(j => j.Id);
        job.Property(j => j.Kind).HasMaxLength(32);
        job.Property(j => j.Status).HasMaxLength(16);
        job.Property(j => j.RequestJson).HasColumnType("jsonb");
        job.Property(j => j.OutputsJson).HasColumnType("jsonb");
        job.Property(j => j.ErrorCode).HasMaxLength(64);
        job.Property(j => j.Cost).HasPrecision(18, 6);
        job.HasIndex(j => new { j.UserId, j.CreatedAt, j.Id });
        job.HasIndex(j => new { j.Status, j.Deadline });
        return job;
    }
}
