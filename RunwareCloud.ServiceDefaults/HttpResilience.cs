using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace RunwareCloud.ServiceDefaults;

/// <summary>Settings of the default HTTP resilience pipeline (section <c>Resilience:Http</c>).</summary>
public sealed class HttpResilienceOptions
{
    public const string SectionName = "Resilience:Http";

    public int MaxRetryAttempts { get; set; } = 3;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public double BreakerFailureRatio { get; set; } = 0.5;
    public int BreakerMinimumThroughput { get; set; } = 10;
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// One pipeline per named client, kept for the life of the process: handlers are recycled by the HTTP client factory,
/// and a circuit breaker that forgot its state on every recycle would never stay open.
/// </summary>
public sealed class HttpResiliencePipelineRegistry(IOptionsMonitor<HttpResilienceOptions> options)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _pipelines = new();

    public ResiliencePipeline<HttpResponseMessage> GetPipeline(string clientName) =>
        _pipelines.GetOrAdd(clientName, name => Build(options.Get(name)));

    public static ResiliencePipeline<HttpResponseMessage> Build(HttpResilienceOptions options)
    {
        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(IsTransient);

        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome, args.Context)),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                ShouldHandle = transient,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    public static bool IsTransient(HttpResponseMessage response) =>
        (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static bool IsRetryable(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        var idempotent = !context.Properties.TryGetValue(ResilienceHandler.NonIdempotentKey, out var nonIdempotent) || !nonIdempotent;
        return outcome switch
        {
            { Exception: HttpRequestException { InnerException: SocketException } } => true, // never reached the server
            { Exception: BrokenCircuitException } => false,
            { Exception: HttpRequestException or TimeoutRejectedException } => idempotent,
            { Result: { } response } => idempotent && IsTransient(response),
            _ => false,
        };
    }
}

/// <summary>Runs each request through the client's resilience pipeline (retry with jitter, timeouts, circuit breaker).</summary>
public sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    internal static readonly ResiliencePropertyKey<bool> NonIdempotentKey = new("runwarecloud.non-idempotent");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(NonIdempotentKey, request.Method == HttpMethod.Post || request.Method == HttpMethod.Patch);
        try
        {
            return await pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    var (handler, message) = state;
                    return await handler.SendCoreAsync(message, ctx.CancellationToken);
                },
                context,
                (this, request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}

/// <summary>Binds section <c>Resilience:Http</c> for every client name.</summary>
public sealed class HttpResilienceOptionsSetup(IConfiguration configuration) : IConfigureNamedOptions<HttpResilienceOptions>
{
    public void Configure(string? name, HttpResilienceOptions options) => configuration.GetSection(HttpResilienceOptions.SectionName).Bind(options);

    public void Configure(HttpResilienceOptions options) => Configure(Options.DefaultName, options);
}

public static class HttpResilienceExtensions
{
    /// <summary>Adds retry with jitter on transient failures, per-attempt and total timeouts, and a circuit breaker.</summary>
    /// <remarks>
    /// Under <c>ConfigureHttpClientDefaults</c> the builder has no name, so the client's name is taken when its handler
    /// chain is built: each named client keeps its own circuit breaker.
    /// </remarks>
    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder)
    {
        // Every name binds the same section, so named clients created under the defaults read it too.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpResilienceOptions>, HttpResilienceOptionsSetup>());
        builder.Services.TryAddSingleton<HttpResiliencePipelineRegistry>();
#pragma warning disable CS0618 // the only hook that sees the client's name when the builder is the unnamed defaults builder
        return builder.ConfigureHttpMessageHandlerBuilder(handlers =>
            handlers.AdditionalHandlers.Add(new ResilienceHandler(
                handlers.Services.GetRequiredService<HttpResiliencePipelineRegistry>().GetPipeline(handlers.Name ?? Options.DefaultName))));
#pragma warning restore CS0618
    }
}
