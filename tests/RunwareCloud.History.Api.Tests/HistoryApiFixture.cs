using System.Collections.Concurrent;
using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RunwareCloud.Contracts.History;
using RunwareCloud.History.Api.Infrastructure;
using RunwareCloud.Messaging;

namespace RunwareCloud.History.Api.Tests;

/// <summary>
/// history-api on its own database and RabbitMQ vhost, with its asset root in a temporary folder and a media server
/// standing in for Runware's CDN. Tests isolate themselves by using fresh user ids.
/// </summary>
public sealed class HistoryApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const long MaxBytes = 1024 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly IdentityOptions s_identity = new() { SigningKey = "history-tests-signing-key-0123456789abcdef" };
    private string _database = "";
    private string _virtualHost = "";

    public string AssetRoot { get; } = Path.Combine(Path.GetTempPath(), "history-tests-" + Guid.NewGuid().ToString("N"));
    public MediaServer Media { get; } = new();
    public ConcurrentDictionary<Guid, AssetsStored> Stored { get; } = new();

    public async Task InitializeAsync()
    {
        _database = await TestInfrastructure.CreateDatabaseAsync("history").WaitAsync(Timeout);
        _virtualHost = await TestInfrastructure.CreateVirtualHostAsync("history").WaitAsync(Timeout);
        await Media.StartAsync();

        var bus = Services.GetRequiredService<IBus>();
        var handle = bus.ConnectReceiveEndpoint("history-tests-assets-stored", endpoint =>
        {
            endpoint.ConsumeAssetsStored(origin: null);
            endpoint.Handler<AssetsStored>(context =>
            {
                Stored[context.Message.JobId] = context.Message;
                return Task.CompletedTask;
            });
        });
        await handle.Ready.WaitAsync(Timeout);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        builder.UseSetting("ConnectionStrings:historydb", _database);
        builder.UseSetting("ConnectionStrings:messaging", _virtualHost);
        builder.UseSetting("Identity:SigningKey", s_identity.SigningKey);
        builder.UseSetting("History:AssetRoot", AssetRoot);
        builder.UseSetting("History:MaxDownloadBytes", MaxBytes.ToString());
        builder.UseSetting("History:MaxUploadBytes", MaxBytes.ToString());
    }

    public HttpClient ClientFor(Guid userId, string role = Roles.User)
    {
        var client = CreateClient();
        client.Timeout = Timeout;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            JwtTokens.Issue(s_identity, userId, $"user-{userId:N}", role, DateTimeOffset.UtcNow));
        return client;
    }

    public async Task<T> WithDbAsync<T>(Func<HistoryDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<HistoryDbContext>()).WaitAsync(Timeout);
    }

    public Task PublishAsync<T>(T message) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message).WaitAsync(Timeout);

    public Task<AssetsStored> WaitForStoredAsync(Guid jobId) =>
        Eventually.WaitForAsync(() => Task.FromResult(Stored.GetValueOrDefault(jobId)), Timeout, $"AssetsStored for job {jobId}");

    /// <summary>Every file under the asset root's folder, relative to it (e.g. "blobs", "thumbs", "tmp").</summary>
    public IReadOnlyList<string> FilesUnder(string folder)
    {
        var path = Path.Combine(AssetRoot, folder);
        return Directory.Exists(path) ? Directory.GetFiles(path, "*", SearchOption.AllDirectories) : [];
    }

    public Task<int> BlobReferencesAsync(string checksum) =>
        WithDbAsync(db => db.Blobs.Where(b => b.Checksum == checksum).Select(b => b.ReferenceCount).FirstOrDefaultAsync());

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Media.DisposeAsync();
        await DisposeAsync();
        if (Directory.Exists(AssetRoot))
        {
            Directory.Delete(AssetRoot, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class HistoryApiCollection : ICollectionFixture<HistoryApiFixture>
{
    public const string Name = "history-api";
}
