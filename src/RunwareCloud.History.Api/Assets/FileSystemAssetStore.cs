using System.Security.Cryptography;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Options;

namespace RunwareCloud.History.Api.Assets;

/// <summary>
/// Stores bytes under <c>{root}/blobs/ab/cd/{sha256}</c> and thumbnails under <c>{root}/thumbs/ab/cd/{sha256}</c>.
/// Staging files live in <c>{root}/tmp</c>, on the same file system, so that the final rename is atomic.
/// </summary>
public sealed class FileSystemAssetStore : IAssetStore
{
    private const int CopyBufferSize = 81920;
    private readonly string _root;
    private readonly string _staging;

    public FileSystemAssetStore(IOptions<HistoryOptions> options, IHostEnvironment environment)
    {
        var configured = options.Value.AssetRoot;
        _root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "data", "assets")
            : configured);
        _staging = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(_staging);
    }

    public string Root => _root;

    public async Task<StagedAsset> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_staging, Guid.NewGuid().ToString("N"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            // Most content (a generated image) is small: gathered in memory, written with one call and kept with the staged
            // asset, so inspecting it reads no file. Larger content streams through after that first part.
            var head = await ReadHeadAsync(content, StagedAsset.WholeReadBytes + 1, maxBytes, cancellationToken);
            hash.AppendData(head);
            long size = head.Length;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                file.Write(head);
                if (head.Length > StagedAsset.WholeReadBytes)
                {
                    size += await CopyRestAsync(content, file, hash, head.Length, maxBytes, cancellationToken);
                }

                file.Flush(flushToDisk: true);
            }

            return new StagedAsset(path, Convert.ToHexStringLower(hash.GetHashAndReset()), size,
                head.Length <= StagedAsset.WholeReadBytes ? head : null);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static async Task<byte[]> ReadHeadAsync(Stream content, int limit, long maxBytes, CancellationToken cancellationToken)
    {
        using var head = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while (head.Length < limit && (read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - head.Length)), cancellationToken)) > 0)
        {
            head.Write(buffer, 0, read);
            if (head.Length > maxBytes)
            {
                throw new AssetTooLargeException(maxBytes);
            }
        }

        return head.ToArray();
    }

    private static async Task<long> CopyRestAsync(
        Stream content, FileStream file, IncrementalHash hash, long written, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[CopyBufferSize];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
            if (written + size > maxBytes)
            {
                throw new AssetTooLargeException(maxBytes);
            }

            hash.AppendData(buffer, 0, read);
            file.Write(buffer, 0, read);
        }

        return size;
    }

    public void Commit(StagedAsset staged)
    {
        var target = PathOf(staged.Checksum, AssetVariant.Original);
        if (File.Exists(target))
        {
            staged.Dispose();
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(staged.Path, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            staged.Dispose();
        }
    }

    public bool Exists(string checksum, AssetVariant variant = AssetVariant.Original) => File.Exists(PathOf(checksum, variant));

    public async Task WriteThumbnailAsync(string checksum, ReadOnlyMemory<byte> thumbnail, CancellationToken cancellationToken)
    {
        var target = PathOf(checksum, AssetVariant.Thumbnail);
        if (File.Exists(target))
        {
            return;
        }

        var temporary = Path.Combine(_staging, Guid.NewGuid().ToString("N"));
        try
        {
            await File.WriteAllBytesAsync(temporary, thumbnail, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public void UseOriginalAsThumbnail(string checksum)
    {
        var target = PathOf(checksum, AssetVariant.Thumbnail);
        if (File.Exists(target))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            // A relative link (thumbs/ab/cd/x → ../../../blobs/ab/cd/x) keeps working when the asset root moves.
            File.CreateSymbolicLink(target, Path.GetRelativePath(Path.GetDirectoryName(target)!, PathOf(checksum, AssetVariant.Original)));
        }
        catch (IOException) when (File.Exists(target))
        {
            // A concurrent store of the same bytes linked it first.
        }
    }

    public IFileInfo GetFile(string checksum, AssetVariant variant)
    {
        var path = PathOf(checksum, variant);
        return new PhysicalFileInfo(new FileInfo(path));
    }

    public void Delete(string checksum)
    {
        File.Delete(PathOf(checksum, AssetVariant.Original));
        File.Delete(PathOf(checksum, AssetVariant.Thumbnail));
    }

    private string PathOf(string checksum, AssetVariant variant)
    {
        if (!ContentAddress.IsValid(checksum))
        {
            throw new ArgumentException("A content address is 64 lowercase hexadecimal characters.", nameof(checksum));
        }

        var folder = variant == AssetVariant.Thumbnail ? "thumbs" : "blobs";
        return Path.Combine(_root, folder, checksum[..2], checksum[2..4], checksum);
    }
}
