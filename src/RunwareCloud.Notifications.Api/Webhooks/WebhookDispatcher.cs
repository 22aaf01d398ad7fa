using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using RunwareCloud.ServiceDefaults.Security;

namespace RunwareCloud.Notifications.Api.Webhooks;

/// <summary>
/// Sends due webhook deliveries. Every instance runs one; <c>FOR UPDATE SKIP LOCKED</c> claims keep them from sending the
/// same attempt twice. Failures are retried with exponential backoff and full jitter until the retry window closes.
/// </summary>
public sealed partial class WebhookDispatcher(
    WebhookStore store,
    WebhookHttpClient http,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private const int MaxErrorLength = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue;
            var claimed = 0;
            try
            {
                var due = await store.ClaimDueAsync(time.GetUtcNow(), settings.LeaseDuration, settings.BatchSize, stoppingToken);
                claimed = due.Count;
                await Task.WhenAll(due.Select(delivery => AttemptAsync(delivery, settings, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogDispatchFailed(logger, exception);
            }

            if (claimed < settings.BatchSize)
            {
                try
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public static TimeSpan Backoff(int attempt, WebhookOptions settings)
    {
        var exponential = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var ceiling = Math.Min(exponential, settings.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private async Task AttemptAsync(DueDelivery delivery, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var webhookId = WebhookDelivery.ToWebhookId(delivery.Id);
        var started = Stopwatch.GetTimestamp();
        int? statusCode = null;
        string? error;
        try
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookSigner.IdHeader, webhookId);
            request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Sign(delivery.Secret, webhookId, timestamp, delivery.Payload));

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.RequestTimeout);
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            statusCode = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                await store.RecordSuccessAsync(delivery, statusCode.Value, ElapsedMs(started), time.GetUtcNow(), CancellationToken.None);
                LogDelivered(logger, webhookId, delivery.SubscriptionId, delivery.Attempt, statusCode.Value);
                return;
            }

            error = $"The receiver answered {statusCode} {response.ReasonPhrase}.";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            error = $"No answer within {settings.RequestTimeout.TotalSeconds:0.#} s.";
        }
        catch (HttpRequestException exception)
        {
            error = exception.Message;
        }

        var now = time.GetUtcNow();
        var next = now + Backoff(delivery.Attempt, settings);
        var retryAt = next <= delivery.RetryUntil ? next : (DateTimeOffset?)null;
        await store.RecordFailureAsync(
            delivery, statusCode, error.Length > MaxErrorLength ? error[..MaxErrorLength] : error, ElapsedMs(started), now, retryAt,
            settings.DisableAfterConsecutiveFailures, CancellationToken.None);
        LogAttemptFailed(logger, webhookId, delivery.SubscriptionId, delivery.Attempt, statusCode, retryAt);
    }

    private static int ElapsedMs(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(LogLevel.Error, "Webhook dispatch loop failed; retrying after the poll interval")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Debug, "Delivered webhook {WebhookId} to subscription {SubscriptionId} on attempt {Attempt} ({StatusCode})")]
    private static partial void LogDelivered(ILogger logger, string webhookId, Guid subscriptionId, int attempt, int statusCode);

    [LoggerMessage(LogLevel.Information, "Webhook {WebhookId} to subscription {SubscriptionId} failed attempt {Attempt} ({StatusCode}); next attempt {NextAttemptAt}")]
    private static partial void LogAttemptFailed(ILogger logger, string webhookId, Guid subscriptionId, int attempt, int? statusCode, DateTimeOffset? nextAttemptAt);
}

/// <summary>
/// The HTTP client for webhook targets, deliberately outside the client factory's defaults: the shared resilience
/// handler would retry on its own and one circuit breaker would couple unrelated receivers; retries here are the
/// dispatcher's durable ones. Connections go through the <see cref="SsrfGuard"/>; redirects are not followed.
/// </summary>
public sealed class WebhookHttpClient : IDisposable
{
    public WebhookHttpClient(SsrfGuard guard)
    {
        Client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = guard.ConnectAsync,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("RunwareCloud-Webhooks/1.0");
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
