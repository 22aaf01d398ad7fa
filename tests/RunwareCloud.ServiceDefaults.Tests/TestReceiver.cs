using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RunwareCloud.ServiceDefaults.Tests;

/// <summary>A real Kestrel server on a free loopback port that records what it receives and answers as told.</summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? ContentType, int Length)> Requests { get; } = new();

    /// <summary>Status codes to answer on /flaky, in order; afterwards 200.</summary>
    public ConcurrentQueue<int> FlakyAnswers { get; } = new();

    public int Count(string path) => Requests.Count(request => request.Path == path);

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new TestReceiver(app);
        app.Use(async (context, next) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Requests.Enqueue((context.Request.Path.Value ?? "", context.Request.ContentType, (int)body.Length));
            await next(context);
        });
        app.MapPost("/v1/{signal}", () => Results.Ok());
        app.MapGet("/ping", () => Results.Text("pong"));
        app.MapGet("/flaky", () => Results.StatusCode(receiver.FlakyAnswers.TryDequeue(out var status) ? status : 200));
        app.MapGet("/down", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
