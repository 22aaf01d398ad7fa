using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RunwareCloud.Notifications.Api.Tests.Support;

public sealed record ReceivedWebhook(string Hook, string? Id, string? Timestamp, string? Signature, string Body, int AnsweredStatus);

/// <summary>A real HTTP server standing in for a customer's endpoint; each hook name can be told to fail its next N requests.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Dictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public Uri UrlFor(string hook) => new(Address, $"hooks/{hook}");

    public void FailNext(string hook, int times)
    {
        lock (_failuresLeft)
        {
            _failuresLeft[hook] = times;
        }
    }

    public IReadOnlyList<ReceivedWebhook> ReceivedBy(string hook) => [.. _received.Where(webhook => webhook.Hook == hook)];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hooks/{hook}", async (string hook, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var status = ConsumeFailure(hook) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status204NoContent;
            _received.Enqueue(new ReceivedWebhook(hook, request.Headers["webhook-id"], request.Headers["webhook-timestamp"],
                request.Headers["webhook-signature"], body, status));
            return Results.StatusCode(status);
        });
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    private bool ConsumeFailure(string hook)
    {
        lock (_failuresLeft)
        {
            if (_failuresLeft.TryGetValue(hook, out var left) && left > 0)
            {
                _failuresLeft[hook] = left - 1;
                return true;
            }

            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
