using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RunwareCloud.Testing;

/// <summary>
/// One service hosted in the test process from its own <c>Program</c> and configured only through settings, as the AppHost
/// configures it through the environment (<c>ConnectionStrings:*</c>, <c>services:*</c>, <c>Identity:SigningKey</c>, ...).
/// With <c>listenOnLoopback</c> it serves real Kestrel on a free loopback port, so that other services in the same process
/// reach it by address through service discovery (<c>services:&lt;name&gt;:http:0</c> = <see cref="Address"/>).
/// </summary>
public class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly bool _listensOnLoopback;

    public ServiceFactory(IReadOnlyDictionary<string, string?> settings, bool listenOnLoopback = false)
    {
        _settings = settings;
        _listensOnLoopback = listenOnLoopback;
        if (listenOnLoopback)
        {
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        }
    }

    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>The real address on loopback, or the in-memory server's base address.</summary>
    public Uri Address => _listensOnLoopback
        ? new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())
        : Server.BaseAddress;

    /// <summary>Builds and starts the host: its hosted services (schema, bus, relays) run before this returns.</summary>
    public ServiceFactory<TEntryPoint> Start()
    {
        StartServer();
        return this;
    }

    public HttpClient CreateClient(string bearerToken, TimeSpan? timeout = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        client.Timeout = timeout ?? TimeSpan.FromSeconds(60);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
