namespace RunwareCloud.History.Api.Assets;

/// <summary>Bytes written to a staging file and hashed, not yet visible under their address; disposing drops them.</summary>
public sealed class StagedAsset(string path, string checksum, long size) : IDisposable
{
    public string Path { get; } = path;
    public string Checksum { get; } = checksum;
    public long Size { get; } = size;

    public FileStream OpenRead() => new(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);

    /// <summary>Reads up to <paramref name="count"/> bytes from the start (or, with <paramref name="fromEnd"/>, the end).</summary>
    public async Task<byte[]> ReadAsync(int count, bool fromEnd, CancellationToken cancellationToken)
    {
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
