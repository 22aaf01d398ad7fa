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
