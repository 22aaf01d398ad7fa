using Microsoft.Extensions.Options;

namespace RunwareCloud.History.Api.Assets;

/// <summary>Fetches a Runware output URL into staging, capped in size; the client's resilience handler retries transient failures.</summary>
public sealed class OutputDownloader(HttpClient http, IAssetStore store, IOptions<HistoryOptions> options)
{
    public async Task<StagedAsset> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new RejectedContentException("download failed: the output URL is not an absolute http(s) URL");
        }

        var maxBytes = options.Value.MaxDownloadBytes;
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new RejectedContentException($"download failed: HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new AssetTooLargeException(maxBytes);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await store.StageAsync(body, maxBytes, cancellationToken);
        }
        catch (AssetTooLargeException exception)
        {
            throw new RejectedContentException($"too large: over {exception.MaxBytes} bytes");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or Polly.ExecutionRejectedException
                                              || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RejectedContentException($"download failed: {exception.GetType().Name}");
        }
    }
}
