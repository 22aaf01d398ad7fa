using Microsoft.Extensions.Options;
using RunwareCloud.History.Api.Assets;

namespace RunwareCloud.History.Api.Tests;

public sealed class FileSystemAssetStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "history-store-" + Guid.NewGuid().ToString("N"));
    private readonly FileSystemAssetStore _store;

    public FileSystemAssetStoreTests() =>
        _store = new FileSystemAssetStore(Options.Create(new HistoryOptions { AssetRoot = _root }), new FakeEnvironment());

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("..")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000/..")]
    [InlineData("ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    [InlineData("")]
    public void Store_refuses_any_address_that_is_not_a_lowercase_sha256(string checksum)
    {
        Assert.Throws<ArgumentException>(() => _store.GetFile(checksum, AssetVariant.Original));
        Assert.Throws<ArgumentException>(() => _store.Delete(checksum));
    }

    [Fact]
    public async Task Staged_bytes_appear_at_their_hash_address_only_after_commit()
    {
        var bytes = "hello history"u8.ToArray();

        using var staged = await _store.StageAsync(new MemoryStream(bytes), 1024, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var before = _store.Exists(staged.Checksum);
        _store.Commit(staged);

        Assert.False(before);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), staged.Checksum);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_store.GetFile(staged.Checksum, AssetVariant.Original).PhysicalPath!));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task Staging_past_the_cap_throws_and_leaves_no_file()
    {
        await Assert.ThrowsAsync<AssetTooLargeException>(() =>
            _store.StageAsync(new MemoryStream(new byte[2048]), 1024, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "tmp")));
    }

    [Theory]
    [InlineData(StagedAsset.WholeReadBytes)]
    [InlineData(StagedAsset.WholeReadBytes + 1)]
    [InlineData(3 * StagedAsset.WholeReadBytes + 12345)]
    public async Task Staging_keeps_every_byte_whether_it_is_kept_in_memory_or_streamed_through(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);

        // A stream that hands out a few bytes at a time, as a network body does.
        using var staged = await _store.StageAsync(new TrickleStream(bytes), 4 << 20, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(length, staged.Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), staged.Checksum);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(staged.Path));
        Assert.Equal(bytes, await staged.ReadAllAsync(CancellationToken.None));
        Assert.Equal(bytes[^16..], await staged.ReadAsync(16, fromEnd: true, CancellationToken.None));
    }

    [Fact]
    public async Task Staging_past_the_cap_beyond_the_part_kept_in_memory_throws_and_leaves_no_file()
    {
        var cap = 2 * StagedAsset.WholeReadBytes;
        await Assert.ThrowsAsync<AssetTooLargeException>(() =>
            _store.StageAsync(new TrickleStream(new byte[cap + 1]), cap, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task An_original_used_as_its_thumbnail_is_served_as_both_and_deleted_with_the_asset()
    {
        var bytes = TestImages.Png(32, 32);
        using var staged = await _store.StageAsync(new MemoryStream(bytes), 1 << 20, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        _store.Commit(staged);

        _store.UseOriginalAsThumbnail(staged.Checksum);
        _store.UseOriginalAsThumbnail(staged.Checksum);

        Assert.True(_store.Exists(staged.Checksum, AssetVariant.Thumbnail));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_store.GetFile(staged.Checksum, AssetVariant.Thumbnail).PhysicalPath!));
        _store.Delete(staged.Checksum);
        Assert.False(_store.Exists(staged.Checksum, AssetVariant.Thumbnail));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Path.Combine(_root, "thumbs"), "*", SearchOption.AllDirectories),
            path => !Directory.Exists(path));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 5000)], cancellationToken);
    }

    private sealed class FakeEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
