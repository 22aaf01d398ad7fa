using Microsoft.Extensions.FileProviders;

namespace RunwareCloud.History.Api.Assets;

public enum AssetVariant
{
    Original,
    Thumbnail,
}

/// <summary>
/// Content-addressed bytes: an asset's location derives only from its SHA-256, so nothing a user sends can reach a path.
/// Bytes are staged to a temporary file first and appear under their address only by an atomic rename.
/// </summary>
public interface IAssetStore
{
    /// <summary>Copies <paramref name="content"/> to a staging file while hashing it; throws <see cref="AssetTooLargeException"/> past the cap.</summary>
    Task<StagedAsset> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Moves staged bytes to their address; when identical bytes are already there the staged copy is dropped.</summary>
    void Commit(StagedAsset staged);

    /// <summary>True when the bytes of <paramref name="checksum"/> are stored.</summary>
    bool Exists(string checksum, AssetVariant variant = AssetVariant.Original);

    Task WriteThumbnailAsync(string checksum, ReadOnlyMemory<byte> thumbnail, CancellationToken cancellationToken);

    /// <summary>Makes the stored bytes of <paramref name="checksum"/> (already a small PNG) serve as its thumbnail too.</summary>
    void UseOriginalAsThumbnail(string checksum);

    /// <summary>The stored file of <paramref name="checksum"/>; <see cref="IFileInfo.Exists"/> is false when absent.</summary>
    IFileInfo GetFile(string checksum, AssetVariant variant);

    /// <summary>Removes the bytes and the thumbnail of <paramref name="checksum"/>.</summary>
    void Delete(string checksum);
}

public sealed class AssetTooLargeException(long maxBytes) : Exception($"The content is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
