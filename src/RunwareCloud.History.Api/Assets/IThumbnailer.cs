using RunwareCloud.History.Api.Media;

namespace RunwareCloud.History.Api.Assets;

/// <summary>Decodes an image and renders a small preview.</summary>
public interface IThumbnailer
{
    /// <summary>
    /// Returns the thumbnail, or null when this format has no thumbnail; throws <see cref="RejectedContentException"/>
    /// when the image cannot be decoded.
    /// </summary>
    Task<Thumbnail?> CreateAsync(StagedAsset staged, MediaType type, int maxSize, CancellationToken cancellationToken);
}

/// <summary>A rendered PNG preview, or <see cref="Original"/>: the image is already a PNG inside the thumbnail box.</summary>
public sealed class Thumbnail
{
    private Thumbnail(byte[]? png) => Png = png;

    public static Thumbnail Original { get; } = new(null);

    /// <summary>The preview's bytes; null for <see cref="Original"/>.</summary>
    public byte[]? Png { get; }

    public static Thumbnail Rendered(byte[] png) => new(png);
}
