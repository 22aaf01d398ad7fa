using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace RunwareCloud.Orders.Api.Pmr;

/// <summary>
/// The PMR's REST API: a client-credentials token (kept until shortly before it expires, renewed on a 401) plus the API key on
/// every call, through one Polly pipeline per process — retry with exponential backoff inside, a circuit breaker that opens
/// after consecutive failures, so a down PMR is skipped quickly and probed again (half-open) after the break.
/// </summary>
public sealed class PmrClient : IDisposable
{
    public const string ApiKeyHeader = "X-Api-Key";
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly PmrOptions _options;
    private readonly TimeProvider _clock;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _token;
    private readonly CircuitBreakerStateProvider _breakerState = new();

    public PmrClient(IOptions<PmrOptions> options, TimeProvider clock, ILogger<PmrClient> logger)
    {
        _options = options.Value;
        _clock = clock;
        // Its own handler, outside the shared client defaults: this pipeline is the PMR's policy, and a second retry layer
        // underneath would multiply attempts during an outage.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = _options.Endpoint,
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> retryable = transient;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, _options.MaxRetryAttempts),
                Delay = _options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => args.Outcome.Exception is BrokenCircuitException ? ValueTask.FromResult(false) : retryable(args),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, _options.BreakerConsecutiveFailures),
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakerBreakDuration,
                ShouldHandle = transient,
                StateProvider = _breakerState,
                OnOpened = _ => { logger.LogWarning("PMR circuit opened: uploads wait until the PMR answers again"); return default; },
                OnClosed = _ => { logger.LogInformation("PMR circuit closed"); return default; },
            })
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    public CircuitState BreakerState => _breakerState.CircuitState;

    public bool IsConfigured => _options.Endpoint is not null;

    /// <summary>True if the PMR knows the event, false if it answered 404; throws <see cref="PmrUnavailableException"/> otherwise.</summary>
    public async Task<bool> EventExistsAsync(string eventId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/events/{Uri.EscapeDataString(eventId)}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    /// <summary>Uploads a photo; the PMR stores one photo per key, so a repeat after a lost answer returns the same photo id.</summary>
    public async Task<string> UploadPhotoAsync(string eventId, string orderId, PmrPhotoUpload upload, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var content = new MultipartFormDataContent();
            var photo = new ByteArrayContent(upload.Bytes);
            photo.Headers.ContentType = new MediaTypeHeaderValue(upload.ContentType);
            content.Add(photo, "photo", upload.FileName);
            content.Add(new StringContent(JsonSerializer.Serialize(upload.Metadata, s_json)), "metadata");
            return new HttpRequestMessage(HttpMethod.Post, $"api/events/{Uri.EscapeDataString(eventId)}/orders/{Uri.EscapeDataString(orderId)}/photos")
            {
                Content = content,
            };
        }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(s_json, cancellationToken);
        return body.GetProperty("photoId").GetString() ?? throw new PmrRejectedException(200, "The PMR answered without a photo id.");
    }

    public async Task SetOrderStatusAsync(string eventId, string orderId, string status, string? note, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, $"api/events/{Uri.EscapeDataString(eventId)}/orders/{Uri.EscapeDataString(orderId)}/status")
        {
            Content = JsonContent.Create(new { status, note }, options: s_json),
        }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Asks the PMR's health endpoint directly, outside the pipeline, so a probe neither waits for nor moves the breaker.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("api/health", cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        if (_options.Endpoint is null)
        {
            throw new PmrUnavailableException("The PMR is not configured (connection string 'pmr').");
        }

        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var response = await _pipeline.ExecuteAsync(async token =>
                {
                    using var request = createRequest();
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync(token));
                    request.Headers.Add(ApiKeyHeader, _options.ApiKey);
                    return await _http.SendAsync(request, token);
                }, cancellationToken);
                if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0)
                {
                    return response;
                }

                response.Dispose();
                _token = null;
            }
        }
        catch (BrokenCircuitException exception)
        {
            throw new PmrUnavailableException("The PMR circuit is open.", exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PmrUnavailableException("The PMR could not be reached.", exception);
        }
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && cached.ExpiresAt > _clock.GetUtcNow())
        {
            return cached.Token;
        }

        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } again && again.ExpiresAt > _clock.GetUtcNow())
            {
                return again.Token;
            }

            using var response = await _http.PostAsync("oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = _options.ClientId,
                ["client_secret"] = _options.ClientSecret,
            }), cancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                throw new HttpRequestException($"The PMR token endpoint answered {(int)response.StatusCode}.", null, response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PmrRejectedException((int)response.StatusCode, "The PMR refused the client credentials.");
            }

            var token = await response.Content.ReadFromJsonAsync<JsonElement>(s_json, cancellationToken);
            var lifetime = TimeSpan.FromSeconds(token.TryGetProperty("expires_in", out var expires) ? expires.GetInt32() : 300);
            var value = token.GetProperty("access_token").GetString()!;
            // Renew a little early so a token never expires between being read and being checked.
            _token = (value, _clock.GetUtcNow() + lifetime * 0.9);
            return value;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            throw new PmrUnavailableException($"The PMR answered {(int)response.StatusCode}.");
        }

        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new PmrRejectedException((int)response.StatusCode, $"The PMR refused the request ({(int)response.StatusCode}): {Truncate(detail)}");
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];

    public void Dispose()
    {
        _http.Dispose();
        _tokenLock.Dispose();
    }
}

public sealed record PmrPhotoUpload
{
    public required byte[] Bytes { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required PmrPhotoMetadata Metadata { get; init; }
}

public sealed record PmrPhotoMetadata
{
    public required string PhotoKey { get; init; }
    public required PmrCustomer Customer { get; init; }
    public string? Caption { get; init; }
    public required IReadOnlyList<string> Operations { get; init; }
    public required string Checksum { get; init; }
}

public sealed record PmrCustomer(string Name, string? Email);
