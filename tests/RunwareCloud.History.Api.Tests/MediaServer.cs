using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RunwareCloud.History.Api.Tests;

/// <summary>A real HTTP server on a loopback port that serves whatever bytes a test puts on it, as Runware's CDN would.</summary>
public sealed class MediaServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ContentType, bool Chunked)> _files = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/media/{name}", async (string name, HttpContext http) =>
        {
            if (!_files.TryGetValue(name, out var file))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            http.Response.ContentType = file.ContentType;
            if (!file.Chunked)
            {
                http.Response.ContentLength = file.Bytes.Length;
            }

            await http.Response.Body.WriteAsync(file.Bytes);
        });
        await _app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>Serves <paramref name="bytes"/> and returns their URL; chunked responses carry no Content-Length.</summary>
    public string Serve(byte[] bytes, string contentType = "image/png", bool chunked = false)
    {
        var name = Guid.NewGuid().ToString("N");
        _files[name] = (bytes, contentType, chunked);
        return new Uri(BaseAddress, $"/media/{name}").ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
