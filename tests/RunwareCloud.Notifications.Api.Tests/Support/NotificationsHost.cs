using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RunwareCloud.Notifications.Api.Tests.Support;

/// <summary>One notifications-api instance in memory, on the cluster's real Postgres database, RabbitMQ vhost and Redis prefix.</summary>
public sealed class NotificationsHost(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    public const string SigningKey = "notifications-tests-signing-key-0123456789";

    public static IdentityOptions Identity => new() { SigningKey = SigningKey };

    public static string TokenFor(Guid userId, string role = Roles.User) =>
        JwtTokens.Issue(Identity, userId, $"user-{userId:N}"[..13], role, DateTimeOffset.UtcNow);

    public IBus Bus => Services.GetRequiredService<IBus>();

    public HttpClient CreateClient(Guid userId, string role = Roles.User)
    {
        var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId, role));
        return client;
    }

    /// <summary>Starts the host and waits until its bus endpoints are bound, so that published events are not dropped.</summary>
    public async Task StartAsync()
    {
        _ = Server;
        var bus = Services.GetRequiredService<IBusControl>();
        await Eventually.WaitUntilAsync(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(30), "the bus to be ready");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
