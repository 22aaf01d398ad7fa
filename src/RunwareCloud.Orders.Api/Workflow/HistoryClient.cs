using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Orders.Api.Workflow;

/// <summary>history-api's asset store, used as the order's owner (a token minted for them), so ownership is checked there.</summary>
public sealed class HistoryClient(HttpClient http, IOptions<IdentityOptions> identity, TimeProvider clock)
{
    public const string ServiceName = "history-api";

    public async Task<StoredAsset> UploadAsync(Guid ownerId, Stream content, string fileName, string contentType, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/assets") { Content = form };
        Authorize(request, ownerId);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new AssetRejectedException((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }

        return (await response.Content.ReadFromJsonAsync<StoredAsset>(JsonSerializerOptions.Web, cancellationToken))!;
    }

    public async Task<(byte[] Bytes, string ContentType)> DownloadAsync(Guid ownerId, Guid assetId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/assets/{assetId}");
        Authorize(request, ownerId);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new AssetRejectedException((int)response.StatusCode, $"Asset {assetId} could not be read.");
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (bytes, response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream");
    }

    private void Authorize(HttpRequestMessage request, Guid ownerId)
    {
        var token = JwtTokens.Issue(identity.Value, ownerId, "orders-api", Roles.User, clock.GetUtcNow());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}

public sealed record StoredAsset(Guid Id, string? Url, string? ContentType, int? Width, int? Height, long? Size);

public sealed class AssetRejectedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
