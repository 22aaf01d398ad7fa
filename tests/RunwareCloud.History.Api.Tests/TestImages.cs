using RunwareCloud.Imaging;

namespace RunwareCloud.History.Api.Tests;

public static class TestImages
{
    /// <summary>A PNG whose pixels depend on <paramref name="seed"/>, so different seeds give different bytes.</summary>
    public static byte[] Png(int width, int height, int seed = 0)
    {
        var image = new RgbaImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image.SetPixel(x, y, (byte)(x + seed), (byte)(y * 3 + seed), (byte)((x ^ y) + seed * 7));
            }
        }

        return PngEncoder.Encode(image);
    }
}
