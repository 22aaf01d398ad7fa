namespace RunwareCloud.Jobs;

public enum ImageInputKind
{
    Asset,
    Url,
    DataUri,
}

/// <summary>An image a job reads: an asset id, an http(s) URL, or a data URI (design §5).</summary>
public sealed record ImageInput(ImageInputKind Kind, string Value)
{
    public Guid AssetId => Kind == ImageInputKind.Asset ? Guid.Parse(Value) : Guid.Empty;

    private static readonly string[] s_imageMediaTypes = ["image/png", "image/jpeg", "image/jpg", "image/webp"];

    /// <summary>Parses and checks the shape of an input; the error text is written for the field it came from.</summary>
    public static bool TryParse(string? value, long maxBytes, out ImageInput? input, out string? error)
    {
        input = null;
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is required: an asset id, an http(s) URL or a data URI";
            return false;
        }

        value = value.Trim();
        if (Guid.TryParse(value, out var assetId))
        {
            input = new ImageInput(ImageInputKind.Asset, assetId.ToString());
            return true;
        }

        if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseDataUri(value, maxBytes, out input, out error);
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            input = new ImageInput(ImageInputKind.Url, uri.ToString());
            return true;
        }

        error = "must be an asset id, an http(s) URL or a data URI";
        return false;
    }

    private static bool TryParseDataUri(string value, long maxBytes, out ImageInput? input, out string? error)
    {
        input = null;
        var comma = value.IndexOf(',');
        var header = comma > 5 ? value[5..comma] : "";
        if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            error = "must be a base64 data URI (data:image/png;base64,...)";
            return false;
        }

        var mediaType = header[..^";base64".Length].ToLowerInvariant();
        if (!s_imageMediaTypes.Contains(mediaType))
        {
            error = "must be a PNG, JPEG or WebP image";
            return false;
        }

        var payload = value.AsSpan(comma + 1);
        if ((long)payload.Length * 3 / 4 > maxBytes)
        {
            error = $"is larger than {maxBytes / (1024 * 1024)} MB";
            return false;
        }

        var bytes = new byte[payload.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64Chars(payload, bytes, out var written) || written == 0)
        {
            error = "is not valid base64";
            return false;
        }

        if (ImageSignature.Detect(bytes.AsSpan(0, written)) is null)
        {
            error = "does not contain a PNG, JPEG or WebP image";
            return false;
        }

        input = new ImageInput(ImageInputKind.DataUri, value);
        error = null;
        return true;
    }
}

/// <summary>Recognises the image formats Runware accepts from their first bytes.</summary>
public static class ImageSignature
{
    public static string? Detect(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };
}
