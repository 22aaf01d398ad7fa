using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RunwareCloud.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// OpenTelemetry wired by hand: OpenTelemetry.Extensions.Hosting is not available, so the tracer and meter providers are
/// built here, kept by a hosted service and disposed (flushed) on shutdown.
/// </summary>
public static class TelemetryExtensions
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public static readonly string[] TraceSources = ["Microsoft.AspNetCore", "System.Net.Http", "MassTransit", "RunwareCloud.*"];
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting", "System.Net.Http", "System.Runtime", "MassTransit", "RunwareCloud.*",
    ];

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var endpoint = builder.Configuration[OtlpEndpointSetting];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        var baseUri = new Uri(endpoint.TrimEnd('/') + "/");
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var exportIntervalMs = builder.Configuration.GetValue("OTEL_METRIC_EXPORT_INTERVAL", 5000);

        ResourceBuilder CreateResource() => ResourceBuilder.CreateDefault().AddService(serviceName);
        void UseHttpProtobuf(OtlpExporterOptions options, string signalPath)
        {
            options.Endpoint = new Uri(baseUri, signalPath);
            options.Protocol = OtlpExportProtocol.HttpProtobuf;
        }

        var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(CreateResource())
            .AddSource(TraceSources)
            .AddOtlpExporter(options => UseHttpProtobuf(options, "v1/traces"))
            .Build();

        var meterProvider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(CreateResource())
            .AddMeter(Meters)
            .AddOtlpExporter((options, reader) =>
            {
                UseHttpProtobuf(options, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = exportIntervalMs;
            })
            .Build();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(CreateResource());
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddOtlpExporter(options => UseHttpProtobuf(options, "v1/logs"));
        });

        builder.Services.AddTransient<IStartupFilter, ServerSpanEnricher>();
        builder.Services.AddHostedService(_ => new TelemetryProviderLifetime(tracerProvider, meterProvider));
        return builder;
    }

    private sealed class TelemetryProviderLifetime(TracerProvider? tracerProvider, MeterProvider? meterProvider) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracerProvider?.ForceFlush(2000);
            meterProvider?.ForceFlush(2000);
            tracerProvider?.Dispose();
            meterProvider?.Dispose();
            return Task.CompletedTask;
        }
    }
}
