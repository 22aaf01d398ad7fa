using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RunwareCloud.Dashboard.Otlp;
using RunwareCloud.Dashboard.Telemetry;

namespace RunwareCloud.Dashboard.Api;

/// <summary>The OTLP/HTTP protobuf receiver: parse, store, answer with an empty export response.</summary>
public static class OtlpApi
{
    private const string Protobuf = "application/x-protobuf";
    private const int MaxBodyBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapOtlpApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/traces", (HttpRequest request, TelemetryStore store) =>
            ReceiveAsync(request, ExportTraceServiceRequest.Parser, export => store.Spans.AddRange(OtlpConverter.ToSpans(export))));
        app.MapPost("/v1/logs", (HttpRequest request, TelemetryStore store) =>
            ReceiveAsync(request, ExportLogsServiceRequest.Parser, export => store.Logs.AddRange(OtlpConverter.ToLogs(export))));
        app.MapPost("/v1/metrics", (HttpRequest request, TelemetryStore store) =>
            ReceiveAsync(request, ExportMetricsServiceRequest.Parser, export => store.Metrics.AddRange(OtlpConverter.ToMetricPoints(export))));
        return app;
    }

    private static async Task<IResult> ReceiveAsync<T>(HttpRequest request, MessageParser<T> parser, Action<T> store)
        where T : IMessage<T>
    {
        if (request.ContentType?.StartsWith(Protobuf, StringComparison.OrdinalIgnoreCase) != true)
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        using var body = new MemoryStream();
        var gzip = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true)
            : null;
        await using (gzip)
        {
            var source = (Stream?)gzip ?? request.Body;
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            {
                if (body.Length + read > MaxBodyBytes)
                {
                    return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
                }

                body.Write(buffer, 0, read);
            }
        }

        T export;
        try
        {
            export = parser.ParseFrom(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        catch (InvalidProtocolBufferException)
        {
            return TypedResults.BadRequest();
        }

        store(export);
        // Every Export*ServiceResponse without partial_success is the empty message: zero bytes.
        return TypedResults.Bytes(Array.Empty<byte>(), Protobuf);
    }
}
