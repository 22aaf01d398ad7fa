using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RunwareCloud.History.Api.Infrastructure.EntityConfigurations;

public sealed class AssetEntityTypeConfiguration : IEntityTypeConfiguration<Asset>
{
    // Prompt words weigh more than negative-prompt words, so ts_rank puts "a red fox" above "not a fox".
    public const string SearchVectorSql =
        "setweight(to_tsvector('english'::regconfig, coalesce(prompt, '')), 'A') || " +
        "setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'B') || " +
        "setweight(to_tsvector('english'::regconfig, coalesce(negative_prompt, '')), 'D')";

    public void Configure(EntityTypeBuilder<Asset> asset)
    {
        asset.ToTable("assets");
        asset.HasKey(a => a.Id);
        asset.Property(a => a.Id).HasColumnName("id").ValueGeneratedNever();
        asset.Property(a => a.OwnerId).HasColumnName("owner_id");
        asset.Property(a => a.JobId).HasColumnName("job_id");
        asset.Property(a => a.OutputIndex).HasColumnName("output_index");
        asset.Property(a => a.Kind).HasColumnName("kind").HasMaxLength(32);
        asset.Property(a => a.Prompt).HasColumnName("prompt");
        asset.Property(a => a.NegativePrompt).HasColumnName("negative_prompt");
        asset.Property(a => a.Model).HasColumnName("model").HasMaxLength(128);
        asset.Property(a => a.Seed).HasColumnName("seed");
        asset.Property(a => a.Width).HasColumnName("width");
        asset.Property(a => a.Height).HasColumnName("height");
        asset.Property(a => a.Steps).HasColumnName("steps");
        asset.Property(a => a.Cost).HasColumnName("cost").HasPrecision(18, 8);
        asset.Property(a => a.Format).HasColumnName("format").HasMaxLength(16);
        asset.Property(a => a.ContentType).HasColumnName("content_type").HasMaxLength(64);
        asset.Property(a => a.Size).HasColumnName("size");
        asset.Property(a => a.Checksum).HasColumnName("checksum").HasMaxLength(64).IsFixedLength();
        asset.Property(a => a.HasThumbnail).HasColumnName("has_thumbnail");
        asset.Property(a => a.RunwareUrl).HasColumnName("runware_url");
        asset.Property(a => a.Text).HasColumnName("text");
        asset.Property(a => a.Favorite).HasColumnName("favorite");
        asset.Property(a => a.Tags).HasColumnName("tags");
        asset.Property(a => a.CreatedAt).HasColumnName("created_at");
        asset.Property(a => a.SearchVector).HasColumnName("search_vector").HasComputedColumnSql(SearchVectorSql, stored: true);

        asset.HasIndex(a => a.SearchVector).HasMethod("gin").HasDatabaseName("ix_assets_search_vector");
        // One user's matches are intersected inside the index (btree_gin), instead of fetching every row that has the word
        // for all users, or every row of the user, to filter the other way.
        asset.HasIndex(a => new { a.OwnerId, a.SearchVector }).HasMethod("gin").HasDatabaseName("ix_assets_owner_search");
        asset.HasIndex(a => a.Tags).HasMethod("gin").HasDatabaseName("ix_assets_tags");
        asset.HasIndex(a => new { a.OwnerId, a.CreatedAt, a.Id }).IsDescending(false, true, true).HasDatabaseName("ix_assets_owner_created");
        asset.HasIndex(a => new { a.CreatedAt, a.Id }).IsDescending(true, true).HasDatabaseName("ix_assets_created");
        asset.HasIndex(a => a.Checksum).HasDatabaseName("ix_assets_checksum");
        asset.HasIndex(a => new { a.JobId, a.OutputIndex }).HasDatabaseName("ix_assets_job");
    }
}
