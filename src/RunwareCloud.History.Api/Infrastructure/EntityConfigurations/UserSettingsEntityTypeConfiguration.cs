using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RunwareCloud.History.Api.Infrastructure.EntityConfigurations;

public sealed class UserSettingsEntityTypeConfiguration : IEntityTypeConfiguration<UserSettings>
{
    public void Configure(EntityTypeBuilder<UserSettings> settings)
    {
        settings.ToTable("user_settings");
        settings.HasKey(s => s.UserId);
        settings.Property(s => s.UserId).HasColumnName("user_id").ValueGeneratedNever();
        settings.Property(s => s.DefaultModel).HasColumnName("default_model").HasMaxLength(128);
        settings.Property(s => s.Width).HasColumnName("width");
        settings.Property(s => s.Height).HasColumnName("height");
        settings.Property(s => s.Steps).HasColumnName("steps");
        settings.Property(s => s.OutputFormat).HasColumnName("output_format").HasMaxLength(8);
        settings.Property(s => s.UpdatedAt).HasColumnName("updated_at");
    }
}
