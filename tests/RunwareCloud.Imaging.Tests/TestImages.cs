namespace RunwareCloud.Imaging.Tests;

internal static class TestImages
{
    /// <summary>A smooth gradient with a disc and partial transparency: every channel varies.</summary>
    public static RgbaImage Gradient(int width, int height, bool alpha = true)
    {
        var image = new RgbaImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var inDisc = Math.Pow(x - (width / 2.0), 2) + Math.Pow(y - (height / 2.0), 2) < Math.Pow(Math.Min(width, height) / 4.0, 2);
                image.SetPixel(x, y, (byte)(x * 255 / Math.Max(1, width - 1)), (byte)(y * 255 / Math.Max(1, height - 1)), inDisc ? (byte)230 : (byte)40,
                    alpha ? (byte)(inDisc ? 255 : 64 + ((x + y) % 128)) : (byte)255);
            }
        }

        return image;
    }
}
