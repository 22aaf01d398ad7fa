using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RunwareCloud.Orders.Api.Tests;

/// <summary>
/// history-api's asset contract (<c>POST /api/assets</c>, <c>GET /api/assets/{id}</c>, bearer required) on a real port,
/// holding bytes in memory; it stands in for the real service so these tests stay within the orders workflow's time budget.
/// </summary>
public sealed class FakeHistoryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHistoryServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public ConcurrentDictionary<Guid, (byte[] Bytes, string ContentType)> Assets { get; } = new();

    public static async Task<FakeHistoryServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        FakeHistoryServer? server = null;
        app.MapPost("/api/assets", async (HttpRequest request) =>
        {
            if (!request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return Results.Unauthorized();
            }

            var form = await request.ReadFormAsync();
            var file = form.Files.GetFile("file");
            if (file is null)
            {
                return Results.BadRequest();
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            var id = server!.Store(buffer.ToArray(), file.ContentType ?? "image/png");
            return Results.Ok(new { id, url = $"/api/assets/{id}", contentType = file.ContentType, width = 8, height = 8, size = buffer.Length });
        }).DisableAntiforgery();
        app.MapGet("/api/assets/{id:guid}", (Guid id, HttpRequest request) =>
            !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) ? Results.Unauthorized()
            : server!.Assets.TryGetValue(id, out var asset) ? Results.Bytes(asset.Bytes, asset.ContentType)
            : Results.NotFound());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeHistoryServer(app, new Uri(address));
        return server;
    }

    public Guid Store(byte[] bytes, string contentType)
    {
        var id = Guid.NewGuid();
        Assets[id] = (bytes, contentType);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
