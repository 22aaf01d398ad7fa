using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Media;
using RunwareCloud.Imaging;

namespace RunwareCloud.History.Api.Tests;

public sealed class ImagingThumbnailerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("thumbnailer-").FullName;
    private readonly ImagingThumbnailer _thumbnailer = new();

    [Fact]
    public async Task A_png_that_fits_the_box_is_its_own_thumbnail()
    {
        var thumbnail = await _thumbnailer.CreateAsync(Stage(TestImages.Png(128, 96, seed: 3)), MediaType.Png, 256, CancellationToken.None);

        Assert.Same(Thumbnail.Original, thumbnail);
    }

    [Fact]
    public async Task A_larger_png_is_scaled_into_the_box()
    {
        var thumbnail = await _thumbnailer.CreateAsync(Stage(TestImages.Png(512, 256)), MediaType.Png, 256, CancellationToken.None);

        Assert.Equal((ImageFormat.Png, 256, 128), ImageCodec.Identify(thumbnail!.Png));
    }

    [Fact]
    public async Task A_jpeg_that_fits_the_box_still_gets_a_png_thumbnail()
    {
        var jpeg = ImageCodec.Encode(ImageCodec.Decode(TestImages.Png(64, 64)), ImageFormat.Jpeg);

        var thumbnail = await _thumbnailer.CreateAsync(Stage(jpeg), MediaType.Jpeg, 256, CancellationToken.None);

        Assert.Equal((ImageFormat.Png, 64, 64), ImageCodec.Identify(thumbnail!.Png));
    }

    [Fact]
    public async Task A_png_cut_short_inside_its_pixels_is_rejected_even_when_it_fits()
    {
        var png = TestImages.Png(128, 128);
        var broken = png.Take(60).Concat(new byte[200]).Concat(png.TakeLast(12)).ToArray();

        await Assert.ThrowsAsync<RejectedContentException>(() =>
            _thumbnailer.CreateAsync(Stage(broken), MediaType.Png, 256, CancellationToken.None));
    }

    [Fact]
    public async Task A_small_staged_file_is_read_from_disk_once_for_its_head_tail_and_thumbnail()
    {
        var bytes = TestImages.Png(64, 64, seed: 9);
        var staged = Stage(bytes);

        var head = await staged.ReadAsync(8, fromEnd: false, CancellationToken.None);
        File.Delete(staged.Path);
        var tail = await staged.ReadAsync(12, fromEnd: true, CancellationToken.None);
        var thumbnail = await _thumbnailer.CreateAsync(staged, MediaType.Png, 256, CancellationToken.None);

        Assert.Equal(bytes[..8], head);
        Assert.Equal(bytes[^12..], tail);
        Assert.Same(Thumbnail.Original, thumbnail);
    }

    [Fact]
    public async Task A_large_staged_file_is_read_in_parts_from_disk()
    {
        var bytes = new byte[StagedAsset.WholeReadBytes + 1];
        Random.Shared.NextBytes(bytes);
        var staged = Stage(bytes);

        Assert.Equal(bytes[^16..], await staged.ReadAsync(16, fromEnd: true, CancellationToken.None));
        File.Delete(staged.Path);
        await Assert.ThrowsAsync<FileNotFoundException>(() => staged.ReadAsync(16, fromEnd: false, CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private StagedAsset Stage(byte[] bytes)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return new StagedAsset(path, Guid.NewGuid().ToString("N"), bytes.Length);
    }
}
