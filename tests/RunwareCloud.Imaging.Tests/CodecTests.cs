namespace RunwareCloud.Imaging.Tests;

public sealed class CodecTests
{
    [Fact]
    public void Jpeg_round_trips_close_to_the_original()
    {
        var image = TestImages.Gradient(64, 48, alpha: false);

        var jpeg = JpegCodec.Encode(image, 95);
        var decoded = JpegCodec.Decode(jpeg);

        Assert.Equal(ImageFormat.Jpeg, ImageFormatSniffer.Sniff(jpeg));
        Assert.Equal((64, 48), (decoded.Width, decoded.Height));
        Assert.True(MeanAbsoluteError(image, decoded) < 6, $"error {MeanAbsoluteError(image, decoded)}");
    }

    [Fact]
    public void WebP_round_trips_lossless_exactly_and_lossy_closely()
    {
        var image = TestImages.Gradient(40, 30);

        var lossless = WebPCodec.Decode(WebPCodec.Encode(image, lossless: true));
        var lossy = WebPCodec.Decode(WebPCodec.Encode(image, 90));

        Assert.Equal(image.Pixels, lossless.Pixels);
        Assert.True(MeanAbsoluteError(image, lossy) < 10);
        Assert.Equal((40, 30), WebPCodec.ReadHeader(WebPCodec.Encode(image)));
    }

    [Fact]
    public void Jpeg_encoding_flattens_transparency_onto_white()
    {
        var image = new RgbaImage(16, 16);

        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, ImageFormat.Jpeg));

        Assert.True(decoded.GetPixel(8, 8).R > 245);
    }

    [Theory]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.WebP)]
    public void Codec_identifies_format_and_size_without_decoding(ImageFormat format)
    {
        var bytes = ImageCodec.Encode(TestImages.Gradient(33, 21, alpha: false), format);

        var (sniffed, width, height) = ImageCodec.Identify(bytes);

        Assert.Equal((format, 33, 21), (sniffed, width, height));
    }

    [Fact]
    public void Sniffer_recognises_gif_and_unknown_data()
    {
        Assert.Equal(ImageFormat.Gif, ImageFormatSniffer.Sniff("GIF89a\x01\x00"u8));
        Assert.Equal(ImageFormat.Unknown, ImageFormatSniffer.Sniff("hello world"u8));
        Assert.Equal(ImageFormat.Unknown, ImageFormatSniffer.Sniff([]));
        Assert.Equal(ImagingErrorReason.Unsupported, Assert.Throws<ImagingException>(() => ImageCodec.Decode("GIF89a\x01\x00\x01\x00"u8)).Reason);
    }

    [Fact]
    public void Limits_reject_oversized_input_before_decoding()
    {
        var jpeg = JpegCodec.Encode(TestImages.Gradient(200, 100, alpha: false));

        var bytes = Assert.Throws<ImagingException>(() => ImageCodec.Decode(jpeg, new ImageLimits { MaxBytes = 100 }));
        var pixels = Assert.Throws<ImagingException>(() => ImageCodec.Decode(jpeg, new ImageLimits { MaxPixels = 10_000 }));
        var empty = Assert.Throws<ImagingException>(() => ImageCodec.Decode([]));

        Assert.Equal(ImagingErrorReason.TooLarge, bytes.Reason);
        Assert.Equal(ImagingErrorReason.TooLarge, pixels.Reason);
        Assert.Equal(ImagingErrorReason.Truncated, empty.Reason);
    }

    [Fact]
    public void Jpeg_declaring_a_huge_size_is_rejected_as_too_large()
    {
        var jpeg = JpegCodec.Encode(TestImages.Gradient(16, 16, alpha: false));
        var sof = Enumerable.Range(0, jpeg.Length - 1).First(i => jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0);
        jpeg[sof + 5] = 0x7F;
        jpeg[sof + 6] = 0xF0;
        jpeg[sof + 7] = 0x7F;
        jpeg[sof + 8] = 0xF0;

        var error = Assert.Throws<ImagingException>(() => ImageCodec.Decode(jpeg));

        Assert.Equal(ImagingErrorReason.TooLarge, error.Reason);
    }

    internal static double MeanAbsoluteError(RgbaImage a, RgbaImage b)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < a.Pixels.Length; i++)
        {
            if (i % 4 == 3)
            {
                continue;
            }

            sum += Math.Abs(a.Pixels[i] - b.Pixels[i]);
            count++;
        }

        return sum / count;
    }
}
