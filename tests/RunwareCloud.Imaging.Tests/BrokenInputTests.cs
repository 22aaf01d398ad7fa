using System.Diagnostics;

namespace RunwareCloud.Imaging.Tests;

public sealed class BrokenInputTests
{
    [Theory]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.WebP)]
    public void Truncated_files_fail_with_imaging_exceptions_only(ImageFormat format)
    {
        var bytes = ImageCodec.Encode(TestImages.Gradient(48, 32, alpha: false), format);
        var limits = new ImageLimits { MaxPixels = 1_000_000 };

        for (var length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 97))
        {
            try
            {
                var image = ImageCodec.Decode(bytes.AsSpan(0, length), limits);
                Assert.Equal((48, 32), (image.Width, image.Height));
            }
            catch (ImagingException)
            {
            }
        }
    }

    [Fact]
    public void Two_thousand_randomly_mutated_files_only_ever_raise_imaging_exceptions_quickly()
    {
        var random = new Random(20261122);
        var originals = new[]
        {
            PngEncoder.Encode(TestImages.Gradient(24, 16)),
            PngWriter.Build(9, 7, 3, 4, interlaced: true, transparency: true).Png,
            PngWriter.Build(10, 6, 0, 16, interlaced: false).Png,
            JpegCodec.Encode(TestImages.Gradient(24, 16, alpha: false)),
            WebPCodec.Encode(TestImages.Gradient(24, 16)),
            WebPCodec.Encode(TestImages.Gradient(24, 16), lossless: true),
        };
        var limits = new ImageLimits { MaxPixels = 4_000_000, MaxWidth = 4096, MaxHeight = 4096 };
        var outcomes = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])originals[i % originals.Length].Clone();
            var mutations = 1 + random.Next(4);
            for (var m = 0; m < mutations; m++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                        break;
                    case 1:
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 2:
                        bytes = bytes[..Math.Max(1, random.Next(bytes.Length))];
                        break;
                    default:
                        var at = random.Next(Math.Min(bytes.Length, 64));
                        bytes[at] = 0xFF;
                        break;
                }
            }

            string outcome;
            try
            {
                var image = ImageCodec.Decode(bytes, limits);
                Assert.True(image.PixelCount <= limits.MaxPixels);
                outcome = "decoded";
            }
            catch (ImagingException e)
            {
                outcome = e.Reason.ToString();
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
        Assert.True(outcomes.Count > 1, string.Join(", ", outcomes));
    }

    [Fact]
    public void Missing_native_library_is_reported_as_a_typed_error()
    {
        var loader = typeof(ImageCodec).Assembly.GetType("RunwareCloud.Imaging.NativeLibraryLoader")!;
        var instance = Activator.CreateInstance(loader, "libdoes-not-exist.so.9", "nothing")!;

        var error = Assert.Throws<System.Reflection.TargetInvocationException>(() => loader.GetMethod("Export")!.Invoke(instance, ["f"]));

        Assert.Equal(ImagingErrorReason.NativeLibraryMissing, Assert.IsType<ImagingException>(error.InnerException).Reason);
    }
}
