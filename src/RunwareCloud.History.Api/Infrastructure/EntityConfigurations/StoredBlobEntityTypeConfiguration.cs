using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RunwareCloud.History.Api.Infrastructure.EntityConfigurations;

public sealed class StoredBlobEntityTypeConfiguration : IEntityTypeConfiguration<StoredBlob>
{
    public void Configure(EntityTypeBuilder<StoredBlob> blob)
    {
        blob.ToTable("blobs");
        blob.HasKey(b => b.Checksum);
        blob.Property(b => b.Checksum).HasColumnName("checksum").HasMaxLength(64).IsFixedLength();
        blob.Property(b => b.Size).HasColumnName("size");
        blob.Property(b => b.ContentType).HasColumnName("content_type").HasMaxLength(64);
        blob.Property(b => b.ReferenceCount).HasColumnName("ref_count");
        blob.Property(b => b.CreatedAt).HasColumnName("created_at");
    }
}
