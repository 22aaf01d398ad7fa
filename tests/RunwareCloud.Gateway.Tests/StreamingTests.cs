using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RunwareCloud.Gateway.Tests;

/// <summary>The gateway on real Kestrel: WebSocket upgrades and client addresses need a real connection.</summary>
public sealed class KestrelGatewayFactory : GatewayFactory
{
    public KestrelGatewayFactory() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public HttpClient CreateRealClient(string token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TestTimeouts.Default };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }
}

public sealed class StreamingTests(KestrelGatewayFactory factory) : IClassFixture<KestrelGatewayFactory>
{
    [Fact]
    public async Task Server_sent_events_reach_the_client_before_the_stream_ends()
    {
        var token = await factory.SeedUserWithTokenAsync(Roles.User);
        using var client = new HttpClient { BaseAddress = factory.Address };
        using var cancel = new CancellationTokenSource(TestTimeouts.Default);

        using var response = await client.GetAsync($"/api/notifications/stream?access_token={token}",
            HttpCompletionOption.ResponseHeadersRead, cancel.Token).WaitAsync(TestTimeouts.Default);
        await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token).WaitAsync(TestTimeouts.Default);
        using var reader = new StreamReader(stream);
        var firstLine = await reader.ReadLineAsync(cancel.Token).AsTask().WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("event: job.running", firstLine);
    }

    [Fact]
    public async Task WebSockets_pass_through_to_the_hub_when_the_token_is_in_the_query()
    {
        var token = await factory.SeedUserWithTokenAsync(Roles.Viewer);
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(factory.Address) { Scheme = "ws", Path = "/hubs/echo", Query = $"access_token={token}" }.Uri;

        await socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        Assert.Equal("ping", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [Fact]
    public async Task WebSockets_are_refused_without_credentials()
    {
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(factory.Address) { Scheme = "ws", Path = "/hubs/echo" }.Uri;

        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(TestTimeouts.Default));

        Assert.Contains("401", error.Message);
    }

    [Fact]
    public async Task Services_see_the_client_address_in_X_Forwarded_For()
    {
        using var client = factory.CreateRealClient(await factory.SeedUserWithTokenAsync(Roles.User));

        var echo = await client.GetFromJsonAsync<BackendEcho>("/api/orders").WaitAsync(TestTimeouts.Default);

        Assert.Equal("127.0.0.1", echo!.ForwardedFor);
    }
}
