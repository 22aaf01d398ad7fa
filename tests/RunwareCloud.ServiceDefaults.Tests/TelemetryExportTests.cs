using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace RunwareCloud.ServiceDefaults.Tests;

public sealed class TelemetryExportTests
{
    private static readonly ActivitySource s_source = new("RunwareCloud.ServiceDefaults.Tests");

    [Fact]
    public async Task AddServiceDefaults_exports_traces_over_otlp_http_when_an_endpoint_is_configured()
    {
        await using var receiver = await TestReceiver.StartAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseAddress.ToString();
        builder.Configuration["OTEL_SERVICE_NAME"] = "telemetry-test";
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        using (var activity = s_source.StartActivity("test-operation"))
        {
            Assert.NotNull(activity);
        }

        // Stopping flushes the exporters.
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        await Eventually.WaitUntilAsync(() => receiver.Count("/v1/traces") > 0, TimeSpan.FromSeconds(15), "a POST to /v1/traces");
        var export = receiver.Requests.First(request => request.Path == "/v1/traces");
        Assert.Equal("application/x-protobuf", export.ContentType);
        Assert.True(export.Length > 0);
    }

    [Fact]
    public async Task AddServiceDefaults_exports_nothing_when_no_endpoint_is_configured()
    {
        await using var receiver = await TestReceiver.StartAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using (s_source.StartActivity("unexported"))
        {
        }

        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, receiver.Count("/v1/traces"));
    }
}
