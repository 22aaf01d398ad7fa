namespace RunwareCloud.Imaging.Tests;

public sealed class PngRowFilterTests
{
    [Theory]
    [InlineData(3, 1)]
    [InlineData(3, 37)]
    [InlineData(4, 64)]
    [InlineData(4, 131)]
    public void Every_filter_matches_the_definition_in_the_png_specification_byte_for_byte_and_in_its_score(int bpp, int pixels)
    {
        var random = new Random(bpp * 1000 + pixels);
        var row = new byte[bpp * pixels];
        var previous = new byte[bpp * pixels];
        random.NextBytes(row);
        random.NextBytes(previous);

        for (var filter = PngRowFilters.None; filter <= PngRowFilters.Paeth; filter++)
        {
            var output = new byte[row.Length + 1];
            var score = PngRowFilters.Apply(filter, row, previous, bpp, output);

            var expected = Reference(filter, row, previous, bpp);
            Assert.Equal(filter, output[0]);
            Assert.Equal(expected, output[1..]);
            Assert.Equal(expected.Sum(value => (long)Math.Abs((int)(sbyte)value)), score);
        }
    }

    [Theory]
    [InlineData(37, 23, false)]
    [InlineData(131, 7, true)]
    public void Noise_round_trips_bit_exactly_whatever_filters_the_encoder_picks(int width, int height, bool alpha)
    {
        var image = new RgbaImage(width, height);
        new Random(width * height).NextBytes(image.Pixels);
        if (!alpha)
        {
            for (var i = 3; i < image.Pixels.Length; i += 4)
            {
                image.Pixels[i] = 255;
            }
        }

        Assert.Equal(image.Pixels, PngDecoder.Decode(PngEncoder.Encode(image)).Pixels);
    }

    private static byte[] Reference(byte filter, byte[] row, byte[] previous, int bpp)
    {
        var result = new byte[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], corner = i >= bpp ? previous[i - bpp] : 0;
            var predictor = filter switch
            {
                PngRowFilters.None => 0,
                PngRowFilters.Sub => left,
                PngRowFilters.Up => up,
                PngRowFilters.Average => (left + up) / 2,
                _ => PaethPredictor(left, up, corner),
            };
            result[i] = (byte)(row[i] - predictor);
        }

        return result;
    }

    private static int PaethPredictor(int left, int up, int corner)
    {
        var estimate = left + up - corner;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toCorner = Math.Abs(estimate - corner);
        return toLeft <= toUp && toLeft <= toCorner ? left : toUp <= toCorner ? up : corner;
    }
}
