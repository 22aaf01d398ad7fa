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

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private StagedAsset Stage(byte[] bytes)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return new StagedAsset(path, Guid.NewGuid().ToString("N"), bytes.Length);
    }
}
