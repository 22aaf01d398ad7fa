using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RunwareCloud.ServiceDefaults.Security;

namespace RunwareCloud.Jobs;

/// <summary>An input ready for Runware: a public URL it can fetch, or a data URI to upload first.</summary>
public sealed record ResolvedImage(bool IsDataUri, string Value);

/// <summary>
/// Turns an asset id into the asset's bytes (read from history-api as the job's owner, so ownership is checked there
/// too), re-checks URLs against the SSRF guard, and passes data URIs through.
/// </summary>
public sealed class ImageInputResolver(
    IHttpClientFactory httpClientFactory,
    IOptions<IdentityOptions> identity,
    IOptions<InputOptions> inputs,
    TimeProvider clock)
{
    public const string HistoryClientName = "history-api";
    private readonly SsrfGuard _guard = new(inputs.Value.AllowPrivateNetworkUrls);

    public SsrfGuard Guard => _guard;

    public async Task<ResolvedImage> ResolveAsync(Guid ownerId, string value, CancellationToken cancellationToken)
    {
        if (!ImageInput.TryParse(value, inputs.Value.MaxInputBytes, out var input, out var error))
        {
            throw new InputRejectedException($"The image {error}.");
        }

        switch (input!.Kind)
        {
            case ImageInputKind.DataUri:
                return new ResolvedImage(true, input.Value);
            case ImageInputKind.Url:
                if (await _guard.CheckAsync(new Uri(input.Value), cancellationToken) is { } refusal)
                {
                    throw new InputRejectedException($"The image URL {refusal}.");
                }

                return new ResolvedImage(false, input.Value);
            default:
                return new ResolvedImage(true, await ReadAssetAsDataUriAsync(ownerId, input.AssetId, cancellationToken));
        }
    }

    private async Task<string> ReadAssetAsDataUriAsync(Guid ownerId, Guid assetId, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HistoryClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/assets/{assetId}");
        var token = JwtTokens.Issue(identity.Value, ownerId, "runwarecloud-worker", Roles.User, clock.GetUtcNow());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InputRejectedException(response.StatusCode == System.Net.HttpStatusCode.NotFound
                ? $"Asset {assetId} does not exist or belongs to someone else."
                : $"Asset {assetId} could not be read (HTTP {(int)response.StatusCode}).");
        }

        if (response.Content.Headers.ContentLength > inputs.Value.MaxInputBytes)
        {
            throw new InputRejectedException($"Asset {assetId} is larger than the input limit.");
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var mediaType = ImageSignature.Detect(bytes)
            ?? throw new InputRejectedException($"Asset {assetId} is not a PNG, JPEG or WebP image.");
        return $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";
    }
}

/// <summary>An input that cannot be used; the message is written for the user.</summary>
public sealed class InputRejectedException(string message) : Exception(message);
