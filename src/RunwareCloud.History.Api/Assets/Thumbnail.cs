namespace RunwareCloud.History.Api.Assets;

/// <summary>A rendered PNG preview, or <see cref="Original"/>: the image is already a PNG inside the thumbnail box.</summary>
public sealed class Thumbnail
{
    private Thumbnail(byte[]? png) => Png = png;

    public static Thumbnail Original { get; } = new(null);

    /// <summary>The preview's bytes; null for <see cref="Original"/>.</summary>
    public byte[]? Png { get; }

    public static Thumbnail Rendered(byte[] png) => new(png);
}
