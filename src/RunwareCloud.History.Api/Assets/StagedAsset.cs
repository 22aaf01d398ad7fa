namespace RunwareCloud.History.Api.Assets;

/// <summary>Bytes written to a staging file and hashed, not yet visible under their address; disposing drops them.</summary>
/// <param name="content">All the bytes, when the stager kept them (content up to <see cref="WholeReadBytes"/>).</param>
public sealed class StagedAsset(string path, string checksum, long size, byte[]? content = null) : IDisposable
{
    /// <summary>Files up to this size are kept (or read whole once) and served from memory.</summary>
    public const int WholeReadBytes = 256 * 1024;

    private byte[]? _content = content;

    public string Path { get; } = path;
    public string Checksum { get; } = checksum;
    public long Size { get; } = size;

    public FileStream OpenRead() => new(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes from the start (or, with <paramref name="fromEnd"/>, the end). A file of at
    /// most <see cref="WholeReadBytes"/> is read once, whole, and served from memory after that: storing an output reads
    /// its head, its tail and then all of it.
    /// </summary>
    public async Task<byte[]> ReadAsync(int count, bool fromEnd, CancellationToken cancellationToken)
    {
        if (Size <= WholeReadBytes)
        {
            var content = await ReadAllAsync(cancellationToken);
            var take = (int)Math.Min(count, content.Length);
            return take == content.Length ? content : fromEnd ? content[^take..] : content[..take];
        }

        await using var stream = OpenRead();
        var length = (int)Math.Min(count, stream.Length);
        if (fromEnd)
        {
            stream.Seek(-length, SeekOrigin.End);
        }

        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    /// <summary>The whole file (kept in memory when it is small; callers must not change the array).</summary>
    public async Task<byte[]> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (_content is { } content)
        {
            return content;
        }

        var read = await File.ReadAllBytesAsync(Path, cancellationToken);
        if (read.Length <= WholeReadBytes)
        {
            _content = read;
        }

        return read;
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Already moved to its address, or the staging folder is gone; either way nothing is left behind here.
        }
    }
}
