namespace RunwareCloud.History.Api.Media;

/// <summary>A stored media format, known from the bytes rather than from names or headers.</summary>
public sealed record MediaType(string Format, string ContentType, bool IsImage)
{
    public static readonly MediaType Png = new("png", "image/png", true);
    public static readonly MediaType Jpeg = new("jpeg", "image/jpeg", true);
    public static readonly MediaType WebP = new("webp", "image/webp", true);
    public static readonly MediaType Gif = new("gif", "image/gif", true);
    public static readonly MediaType Mp4 = new("mp4", "video/mp4", false);
    public static readonly MediaType WebM = new("webm", "video/webm", false);
}
