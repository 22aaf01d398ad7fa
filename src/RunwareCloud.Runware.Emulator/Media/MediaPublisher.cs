using System.Text.Json.Nodes;
using RunwareCloud.Imaging;

namespace RunwareCloud.Runware.Emulator.Media;

/// <summary>Encodes results, stores them, and writes the URL / base64 / data-URI fields the task asked for.</summary>
public sealed class MediaPublisher(MediaStore store)
{
    public MediaItem PublishImage(JsonObject item, RgbaImage image, OutputSettings output, string baseUrl, string prefix = "image")
    {
        var bytes = ImageCodec.Encode(image, output.Format, output.Quality);
        var stored = store.Add(bytes, ImageFormatSniffer.ContentType(output.Format), ImageFormatSniffer.Extension(output.Format), output.Ttl);
        return Announce(item, stored, output.Types, baseUrl, prefix);
    }

    /// <summary>
    /// Like <see cref="PublishImage"/>, but paints the image only when its bytes are first needed; asked for inline
    /// (base64 or data URI), it is painted at once.
    /// </summary>
    public MediaItem PublishImage(JsonObject item, Func<RgbaImage> paint, int width, int height, OutputSettings output, string baseUrl, string prefix = "image")
    {
        if (output.Types.Any(type => type != "URL"))
        {
            return PublishImage(item, paint(), output, baseUrl, prefix);
        }

        // Roughly what a compressed picture of this size weighs; only the store's byte budget uses it.
        var sizeHint = Math.Max(1024L, (long)width * height / 2);
        var stored = store.Add(() => ImageCodec.Encode(paint(), output.Format, output.Quality), sizeHint,
            ImageFormatSniffer.ContentType(output.Format), ImageFormatSniffer.Extension(output.Format), output.Ttl);
        return Announce(item, stored, output.Types, baseUrl, prefix);
    }

    public MediaItem PublishBytes(JsonObject item, byte[] bytes, string contentType, string extension, IReadOnlyList<string> types, string baseUrl, string prefix)
    {
        var stored = store.Add(bytes, contentType, extension);
        return Announce(item, stored, types, baseUrl, prefix);
    }

    private static MediaItem Announce(JsonObject item, MediaItem stored, IReadOnlyList<string> types, string baseUrl, string prefix)
    {
        item[$"{prefix}UUID"] = stored.Id.ToString();
        WriteFields(item, stored, types, baseUrl, prefix);
        return stored;
    }

    public static string UrlOf(MediaItem item, string baseUrl) => $"{baseUrl.TrimEnd('/')}/media/{item.Id}.{item.Extension}";

    private static void WriteFields(JsonObject item, MediaItem stored, IReadOnlyList<string> types, string baseUrl, string prefix)
    {
        foreach (var type in types)
        {
            switch (type)
            {
                case "URL":
                    item[$"{prefix}URL"] = UrlOf(stored, baseUrl);
                    break;
                case "base64Data":
                    item[$"{prefix}Base64Data"] = Convert.ToBase64String(stored.Bytes);
                    break;
                case "dataURI":
                    item[$"{prefix}DataURI"] = $"data:{stored.ContentType};base64,{Convert.ToBase64String(stored.Bytes)}";
                    break;
            }
        }
    }
}
