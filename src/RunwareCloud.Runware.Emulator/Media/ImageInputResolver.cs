using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RunwareCloud.Imaging;
using RunwareCloud.Runware.Emulator.Protocol;

namespace RunwareCloud.Runware.Emulator.Media;

/// <summary>
/// Turns an image input (an uploaded or generated image UUID, a data URI, raw base64, or an http(s) URL) into pixels.
/// URLs of this emulator's own media resolve from the store; other URLs are fetched.
/// </summary>
public sealed partial class ImageInputResolver(MediaStore store, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "image-inputs";
    private static readonly ImageLimits s_limits = new() { MaxBytes = 50L * 1024 * 1024, MaxWidth = 8192, MaxHeight = 8192, MaxPixels = 40L * 1024 * 1024 };

    public async Task<(RgbaImage Image, Guid? Uuid)> ResolveAsync(JsonNode? node, string parameter, string code, CancellationToken cancellationToken)
    {
        var value = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim() : null;
        if (string.IsNullOrEmpty(value))
        {
            throw TaskRequest.Invalid(code, $"'{parameter}' must be an image UUID, a data URI, base64 data or a URL.", parameter, "string");
        }

        if (Guid.TryParse(value, out var uuid))
        {
            return (Decode(Lookup(uuid, parameter, code).Bytes, parameter, code), uuid);
        }

        if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = value.IndexOf(',');
            if (comma < 0 || !value[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw TaskRequest.Invalid(code, $"'{parameter}' is not a base64 data URI.", parameter, "string");
            }

            return (Decode(FromBase64(value[(comma + 1)..], parameter, code), parameter, code), null);
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var own = OwnMediaPath().Match(uri.AbsolutePath);
            if (own.Success && Guid.TryParse(own.Groups[1].Value, out var ownId) && store.TryGet(ownId, out var ownItem) == MediaLookup.Found)
            {
                return (Decode(ownItem!.Bytes, parameter, code), ownId);
            }

            return (Decode(await FetchAsync(uri, parameter, code, cancellationToken), parameter, code), null);
        }

        return (Decode(FromBase64(value, parameter, code), parameter, code), null);
    }

    public (byte[] Bytes, ImageFormat Format) DecodeUploadBytes(string value, string parameter, string code)
    {
        var data = value.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && value.IndexOf(',') is var comma and > 0
            ? FromBase64(value[(comma + 1)..], parameter, code)
            : FromBase64(value, parameter, code);
        var format = ImageFormatSniffer.Sniff(data);
        Decode(data, parameter, code);
        return (data, format);
    }

    private MediaItem Lookup(Guid uuid, string parameter, string code) => store.TryGet(uuid, out var item) switch
    {
        MediaLookup.Found => item!,
        MediaLookup.Expired => throw TaskRequest.Invalid(code, $"The image {uuid} given in '{parameter}' has expired.", parameter, "string"),
        _ => throw TaskRequest.Invalid(code, $"No image with UUID {uuid} (from '{parameter}') exists.", parameter, "string"),
    };

    private async Task<byte[]> FetchAsync(Uri uri, string parameter, string code, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw TaskRequest.Invalid(code, $"Fetching '{parameter}' from {uri} returned HTTP {(int)response.StatusCode}.", parameter, "string");
            }

            if (response.Content.Headers.ContentLength > s_limits.MaxBytes)
            {
                throw TaskRequest.Invalid(code, $"The image at {uri} is larger than {s_limits.MaxBytes} bytes.", parameter, "string");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > s_limits.MaxBytes)
                {
                    throw TaskRequest.Invalid(code, $"The image at {uri} is larger than {s_limits.MaxBytes} bytes.", parameter, "string");
                }
            }

            return buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw TaskRequest.Invalid(code, $"Could not fetch '{parameter}' from {uri}: {e.Message}", parameter, "string");
        }
    }

    private static byte[] FromBase64(string value, string parameter, string code)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw TaskRequest.Invalid(code, $"'{parameter}' is neither a UUID, a URL nor valid base64 data.", parameter, "string");
        }
    }

    private static RgbaImage Decode(byte[] bytes, string parameter, string code)
    {
        try
        {
            return ImageCodec.Decode(bytes, s_limits);
        }
        catch (ImagingException e)
        {
            throw TaskRequest.Invalid(code, $"'{parameter}' is not a readable PNG, JPEG or WebP image: {e.Message}", parameter, "string");
        }
    }

    [GeneratedRegex(@"^/media/([0-9a-fA-F-]{36})\.[a-z0-9]+$")]
    private static partial Regex OwnMediaPath();
}
