namespace RunwareCloud.Imaging.Tests;

public sealed class ResizeAndCompositingTests
{
    [Theory]
    [InlineData(ResizeFilter.Lanczos3)]
    [InlineData(ResizeFilter.Bicubic)]
    public void Resize_keeps_a_smooth_gradient_smooth_and_close_to_the_ideal(ResizeFilter filter)
    {
        var image = TestImages.Gradient(200, 100, alpha: false);

        var up = ImageResizer.Resize(image, 400, 200, filter);
        var down = ImageResizer.Resize(up, 200, 100, filter);

        Assert.Equal((400, 200), (up.Width, up.Height));
        Assert.True(CodecTests.MeanAbsoluteError(image, down) < 3, $"round trip error {CodecTests.MeanAbsoluteError(image, down)}");
        Assert.InRange(up.GetPixel(200, 10).R, 120, 135);
    }

    [Fact]
    public void Resize_does_not_bleed_colour_from_transparent_pixels()
    {
        var image = new RgbaImage(8, 1);
        for (var x = 0; x < 8; x++)
        {
            image.SetPixel(x, 0, x < 4 ? (byte)255 : (byte)0, 0, x < 4 ? (byte)0 : (byte)255, x < 4 ? (byte)255 : (byte)0);
        }

        var up = ImageResizer.Resize(image, 32, 1);

        var edge = up.GetPixel(16, 0);
        Assert.True(edge.A < 255);
        Assert.True(edge.B < 10, $"blue bled in: {edge}");
    }

    [Fact]
    public void Resize_reduces_a_checkerboard_to_grey()
    {
        var image = new RgbaImage(64, 64);
        for (var y = 0; y < 64; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                var v = (x + y) % 2 == 0 ? (byte)255 : (byte)0;
                image.SetPixel(x, y, v, v, v);
            }
        }

        var small = ImageResizer.Resize(image, 8, 8);

        Assert.All(Enumerable.Range(0, 64), i => Assert.InRange(small.Pixels[i * 4], 118, 138));
    }

    [Fact]
    public void Draw_over_blends_by_alpha()
    {
        var background = new RgbaImage(2, 1);
        background.SetPixel(0, 0, 0, 0, 255);
        background.SetPixel(1, 0, 0, 0, 255);
        var foreground = new RgbaImage(1, 1);
        foreground.SetPixel(0, 0, 255, 0, 0, 128);

        ImageCompositing.DrawOver(background, foreground, 1, 0);

        Assert.Equal((0, 0, 255, 255), background.GetPixel(0, 0));
        var blended = background.GetPixel(1, 0);
        Assert.InRange(blended.R, 126, 130);
        Assert.InRange(blended.B, 125, 129);
        Assert.Equal(255, blended.A);
    }

    [Fact]
    public void Flatten_puts_transparent_pixels_on_the_colour()
    {
        var image = new RgbaImage(1, 1);

        var flat = ImageCompositing.Flatten(image, 10, 20, 30);

        Assert.Equal((10, 20, 30, 255), flat.GetPixel(0, 0));
    }
}
