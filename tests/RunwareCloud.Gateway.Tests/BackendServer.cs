using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RunwareCloud.Gateway.Tests;

/// <summary>A real Kestrel service on a free loopback port that answers every request with what it received.</summary>
public sealed class BackendServer : IAsyncDisposable
{
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();

        app.UseWebSockets();
        app.MapGet("/health", () => "Healthy");
        app.MapGet("/api/notifications/stream", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("event: job.running\ndata: {}\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        });
        app.Map("/hubs/echo", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Text, true, context.RequestAborted);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", context.RequestAborted);
        });
        app.Map("/{**path}", async (HttpContext context) =>
        {
            long length = 0;
            var buffer = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }

            return Results.Json(new BackendEcho
            {
                Method = context.Request.Method,
                Path = context.Request.Path.Value ?? "",
                Authorization = context.Request.Headers.Authorization.ToString(),
                ApiKey = context.Request.Headers["X-Api-Key"].ToString(),
                CorrelationId = context.Request.Headers["X-Correlation-Id"].ToString(),
                ForwardedFor = context.Request.Headers["X-Forwarded-For"].ToString(),
                TraceParent = context.Request.Headers["traceparent"].ToString(),
                BodyLength = length,
            });
        });

        await app.StartAsync().WaitAsync(TestTimeouts.Default);
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(TestTimeouts.Default);
            await _app.DisposeAsync();
        }
    }
}

public sealed record BackendEcho
{
    public string Method { get; init; } = "";
    public string Path { get; init; } = "";
    public string Authorization { get; init; } = "";
    public string ApiKey { get; init; } = "";
    public string CorrelationId { get; init; } = "";
    public string ForwardedFor { get; init; } = "";
    public string TraceParent { get; init; } = "";
    public long BodyLength { get; init; }
}

public static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
}
