using RunwareCloud.Imaging;

namespace RunwareCloud.Runware.Emulator.Synthesis;

/// <summary>
/// Flood fill from every border pixel through neighbours of similar colour marks the background. Each filled pixel also
/// carries a slowly moving average of the colours on its path, and a step may not stray far from it either: a sky
/// gradient drifts a little per pixel and is followed, while an anti-aliased edge running almost along a row changes
/// colour quickly and is not. Of what is left, only sizeable connected regions count as subject.
/// </summary>
public static class BackgroundRemover
{
    public static bool[] SubjectMask(RgbaImage image, int threshold = 22, int drift = 36)
    {
        int width = image.Width, height = image.Height;
        var pixels = image.Pixels;
        var background = new bool[width * height];
        var reference = new float[width * height * 3];
        var queue = new Queue<int>();
        for (var x = 0; x < width; x++)
        {
            Seed(x);
            Seed(((height - 1) * width) + x);
        }

        for (var y = 0; y < height; y++)
        {
            Seed(y * width);
            Seed((y * width) + width - 1);
        }

        while (queue.Count > 0)
        {
            var p = queue.Dequeue();
            int px = p % width, py = p / width;
            if (px > 0) Visit(p, p - 1);
            if (px < width - 1) Visit(p, p + 1);
            if (py > 0) Visit(p, p - width);
            if (py < height - 1) Visit(p, p + width);
        }

        var subject = new bool[width * height];
        var labels = new int[width * height];
        var components = new List<List<int>>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (background[i] || labels[i] != 0)
            {
                continue;
            }

            var members = new List<int>();
            labels[i] = components.Count + 1;
            queue.Enqueue(i);
            while (queue.Count > 0)
            {
                var p = queue.Dequeue();
                members.Add(p);
                int px = p % width, py = p / width;
                if (px > 0) Label(p - 1);
                if (px < width - 1) Label(p + 1);
                if (py > 0) Label(p - width);
                if (py < height - 1) Label(p + width);
            }

            components.Add(members);
        }

        var largest = components.Count == 0 ? 0 : components.Max(c => c.Count);
        foreach (var component in components.Where(c => c.Count >= Math.Max(16, largest / 20)))
        {
            component.ForEach(p => subject[p] = true);
        }

        return subject;

        void Seed(int p)
        {
            if (!background[p])
            {
                background[p] = true;
                reference[p * 3] = pixels[p * 4];
                reference[(p * 3) + 1] = pixels[(p * 4) + 1];
                reference[(p * 3) + 2] = pixels[(p * 4) + 2];
                queue.Enqueue(p);
            }
        }

        void Visit(int from, int to)
        {
            if (background[to])
            {
                return;
            }

            int a = from * 4, b = to * 4, r = from * 3;
            var distance = Math.Max(Math.Abs(pixels[a] - pixels[b]), Math.Max(Math.Abs(pixels[a + 1] - pixels[b + 1]), Math.Abs(pixels[a + 2] - pixels[b + 2])));
            var stray = Math.Max(Math.Abs(reference[r] - pixels[b]), Math.Max(Math.Abs(reference[r + 1] - pixels[b + 1]), Math.Abs(reference[r + 2] - pixels[b + 2])));
            if ((distance <= threshold && stray <= drift) || pixels[b + 3] == 0)
            {
                background[to] = true;
                var t = to * 3;
                reference[t] = (reference[r] * 0.8f) + (pixels[b] * 0.2f);
                reference[t + 1] = (reference[r + 1] * 0.8f) + (pixels[b + 1] * 0.2f);
                reference[t + 2] = (reference[r + 2] * 0.8f) + (pixels[b + 2] * 0.2f);
                queue.Enqueue(to);
            }
        }

        void Label(int p)
        {
            if (!background[p] && labels[p] == 0)
            {
                labels[p] = components.Count + 1;
                queue.Enqueue(p);
            }
        }
    }

    /// <summary>The image with the background replaced by <paramref name="fill"/> (transparent by default), or a black/white mask.</summary>
    public static RgbaImage Remove(RgbaImage image, (byte R, byte G, byte B, byte A)? fill = null, bool maskOnly = false)
    {
        var subject = SubjectMask(image);
        var result = image.Clone();
        var pixels = result.Pixels;
        var background = fill ?? (0, 0, 0, 0);
        for (var i = 0; i < subject.Length; i++)
        {
            var o = i * 4;
            if (maskOnly)
            {
                var v = subject[i] ? (byte)255 : (byte)0;
                pixels[o] = pixels[o + 1] = pixels[o + 2] = v;
                pixels[o + 3] = 255;
            }
            else if (!subject[i])
            {
                pixels[o] = background.R;
                pixels[o + 1] = background.G;
                pixels[o + 2] = background.B;
                pixels[o + 3] = background.A;
            }
        }

        return result;
    }
}
