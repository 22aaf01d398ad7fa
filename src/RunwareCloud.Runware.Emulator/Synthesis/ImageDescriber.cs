using RunwareCloud.Imaging;

namespace RunwareCloud.Runware.Emulator.Synthesis;

/// <summary>Writes a caption from the image's own statistics: brightness, warmth, dominant colours, layout and subject.</summary>
public static class ImageDescriber
{
    public static string Describe(RgbaImage image)
    {
        var small = image.Width * image.Height > 96 * 96 ? ImageResizer.ResizeToFit(image, 96, 96, ResizeFilter.Bicubic) : image;
        int width = small.Width, height = small.Height;
        var counts = new Dictionary<string, int>();
        var top = new Dictionary<string, int>();
        var bottom = new Dictionary<string, int>();
        double luma = 0, warmth = 0;
        int opaque = 0, transparent = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b, a) = small.GetPixel(x, y);
                if (a < 128)
                {
                    transparent++;
                    continue;
                }

                opaque++;
                var colour = new Rgb(r / 255.0, g / 255.0, b / 255.0);
                luma += (0.299 * colour.R) + (0.587 * colour.G) + (0.114 * colour.B);
                warmth += colour.R - colour.B;
                var name = Name(colour);
                counts[name] = counts.GetValueOrDefault(name) + 1;
                if (y < height / 3)
                {
                    top[name] = top.GetValueOrDefault(name) + 1;
                }
                else if (y >= height * 2 / 3)
                {
                    bottom[name] = bottom.GetValueOrDefault(name) + 1;
                }
            }
        }

        if (opaque == 0)
        {
            return "a completely transparent image";
        }

        luma /= opaque;
        warmth /= opaque;
        var brightness = luma switch { < 0.22 => "dark", < 0.42 => "dim", < 0.65 => "softly lit", _ => "bright" };
        var temperature = warmth switch { > 0.12 => "warm", < -0.12 => "cool", _ => "balanced" };
        var dominant = counts.OrderByDescending(c => c.Value).Take(2).Select(c => c.Key).ToList();
        var text = $"a {brightness}, {temperature} image dominated by {string.Join(" and ", dominant)} tones";

        var topName = top.OrderByDescending(c => c.Value).Select(c => c.Key).FirstOrDefault();
        var bottomName = bottom.OrderByDescending(c => c.Value).Select(c => c.Key).FirstOrDefault();
        if (topName is not null && bottomName is not null && topName != bottomName)
        {
            text += $", {topName} above and {bottomName} below";
        }

        if (transparent > (width * height) / 10)
        {
            text += ", on a transparent background";
        }

        var subject = BackgroundRemover.SubjectMask(small);
        var (count, sumX, sumY) = (0, 0.0, 0.0);
        var subjectColours = new Dictionary<string, int>();
        for (var i = 0; i < subject.Length; i++)
        {
            if (subject[i])
            {
                count++;
                sumX += i % width;
                sumY += i / width;
                var (r, g, b, _) = small.GetPixel(i % width, i / width);
                var name = Name(new Rgb(r / 255.0, g / 255.0, b / 255.0));
                subjectColours[name] = subjectColours.GetValueOrDefault(name) + 1;
            }
        }

        if (count > subject.Length / 100 && count < subject.Length * 0.8)
        {
            var cx = sumX / count / width;
            var cy = sumY / count / height;
            var horizontal = cx < 0.4 ? "left" : cx > 0.6 ? "right" : "centre";
            var vertical = cy < 0.4 ? "upper " : cy > 0.6 ? "lower " : "";
            var position = horizontal == "centre" && vertical == "" ? "the centre" : $"the {vertical}{horizontal}".Replace("centre", "middle");
            var size = count > subject.Length / 4 ? "large" : count > subject.Length / 16 ? "distinct" : "small";
            var subjectName = subjectColours.OrderByDescending(c => c.Value).First().Key;
            text += $", with a {size} {subjectName} subject in {position}";
        }

        return text;
    }

    private static string Name(Rgb colour)
    {
        var (hue, saturation, value) = colour.ToHsv();
        if (value < 0.16)
        {
            return "black";
        }

        if (saturation < 0.18)
        {
            return value > 0.82 ? "white" : "grey";
        }

        var degrees = hue * 360;
        return degrees switch
        {
            < 15 or >= 340 => value < 0.45 ? "maroon" : "red",
            < 40 => value < 0.55 ? "brown" : "orange",
            < 68 => "yellow",
            < 160 => "green",
            < 195 => "teal",
            < 255 => "blue",
            < 290 => "purple",
            _ => "pink",
        };
    }
}
