extern alias emulator;

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Contracts.History;
using RunwareCloud.Messaging;
using EmulatorServer = emulator::RunwareCloud.Runware.Emulator.EmulatorServer;
using LatencyProfile = emulator::RunwareCloud.Runware.Emulator.LatencyProfile;
using RunningEmulator = emulator::RunwareCloud.Runware.Emulator.RunningEmulator;

namespace RunwareCloud.Generation.Api.Tests;

/// <summary>
/// generation-api on real Postgres, RabbitMQ, Redis and the Runware emulator. A separate bus plays history-api's part of the
/// contract: it receives <see cref="GenerationSucceeded"/> and answers with <see cref="AssetsStored"/>.
/// </summary>
public sealed class GenerationApiFixture : IAsyncLifetime
{
    public const string SigningKey = "generation-tests-signing-key-0123456789abcdef";

    /// <summary>A prompt containing this gets history's answer that none of the job's outputs could be stored.</summary>
    public const string UnstorablePrompt = "unstorable";

    /// <summary>A prompt containing this gets history's answer that every output but the second was stored.</summary>
    public const string SecondUnstorablePrompt = "second output lost";

    /// <summary>A prompt containing this gets history's answer as an older history-api gave it: without output indexes.</summary>
    public const string WithoutOutputIndexesPrompt = "older history";

    public RunningEmulator Emulator { get; private set; } = null!;
    public string DatabaseConnectionString { get; private set; } = null!;
    public string MessagingConnectionString { get; private set; } = null!;
    public ConcurrentQueue<GenerationSucceeded> Succeeded { get; } = new();
    public ConcurrentQueue<AssetsStored> Stored { get; } = new();
    public ConcurrentQueue<GenerationStarted> Started { get; } = new();
    public ConcurrentQueue<GenerationProgressed> Progressed { get; } = new();
    public ConcurrentQueue<GenerationFailed> Failed { get; } = new();
    public ConcurrentQueue<GenerationCanceled> Canceled { get; } = new();
    public GenerationApiFactory Factory { get; private set; } = null!;
    private IBusControl _observer = null!;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorServer.StartAsync(options => options.LatencyProfile = LatencyProfile.Fast);
        DatabaseConnectionString = await TestInfrastructure.CreateDatabaseAsync("generation");
        MessagingConnectionString = await TestInfrastructure.CreateVirtualHostAsync("generation");
        Factory = CreateFactory();
        _ = Factory.Server;

        _observer = Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            bus.Host(new Uri(MessagingConnectionString));
            bus.UseEventRouting();
            bus.ReceiveEndpoint("generation-tests-history", endpoint =>
            {
                endpoint.Handler<GenerationSucceeded>(async context =>
                {
                    Succeeded.Enqueue(context.Message);
                    var prompt = context.Message.Prompt ?? "";
                    var unstorable = prompt.Contains(UnstorablePrompt, StringComparison.Ordinal);
                    int[] kept = [.. Enumerable.Range(0, context.Message.Outputs.Count)
                        .Where(index => !unstorable && !(index == 1 && prompt.Contains(SecondUnstorablePrompt, StringComparison.Ordinal)))];
                    var stored = new AssetsStored
                    {
                        JobId = context.Message.JobId,
                        UserId = context.Message.UserId,
                        CorrelationId = context.Message.CorrelationId,
                        AssetIds = [.. kept.Select(_ => Guid.NewGuid())],
                        OutputIndexes = prompt.Contains(WithoutOutputIndexesPrompt, StringComparison.Ordinal) ? null : kept,
                        FailedOutputs = [.. Enumerable.Range(0, context.Message.Outputs.Count).Except(kept).Select(index => $"output {index}: corrupt png file: truncated")],
                        StoredAt = DateTimeOffset.UtcNow,
                        Origin = AssetOrigins.Generation,
                    };
                    Stored.Enqueue(stored);
                    await context.Publish(stored);
                });
                endpoint.Handler<GenerationStarted>(context => { Started.Enqueue(context.Message); return Task.CompletedTask; });
                endpoint.Handler<GenerationProgressed>(context => { Progressed.Enqueue(context.Message); return Task.CompletedTask; });
                endpoint.Handler<GenerationFailed>(context => { Failed.Enqueue(context.Message); return Task.CompletedTask; });
                endpoint.Handler<GenerationCanceled>(context => { Canceled.Enqueue(context.Message); return Task.CompletedTask; });
            });
        });
        await _observer.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public GenerationApiFactory CreateFactory() => new(this);

    /// <summary>Stops the running instance (API and worker) as a deployment would, and starts a fresh one in its place.</summary>
    public async Task RestartServiceAsync()
    {
        var stopping = Factory;
        Factory = CreateFactory();
        _ = Factory.Server;
        await stopping.DisposeAsync();
    }

    public HttpClient CreateClient(Guid userId, string role = "user", GenerationApiFactory? factory = null)
    {
        var client = (factory ?? Factory).CreateClient();
        var token = JwtTokens.Issue(new IdentityOptions { SigningKey = SigningKey }, userId, $"user-{userId:N}", role, DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        await _observer.StopAsync();
        await Factory.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

public sealed class GenerationApiFactory(GenerationApiFixture fixture) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        builder.UseSetting("ConnectionStrings:generationdb", fixture.DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", fixture.MessagingConnectionString);
        builder.UseSetting("ConnectionStrings:redis", TestInfrastructure.RedisConnectionString);
        builder.UseSetting("ConnectionStrings:runware", fixture.Emulator.ConnectionString);
        builder.UseSetting("Identity:SigningKey", GenerationApiFixture.SigningKey);
        builder.UseSetting("Redis:KeyPrefix", TestInfrastructure.CreateKeyPrefix("generation"));
        builder.UseSetting("Inputs:MaxInputBytes", (1024 * 1024).ToString());
        builder.UseSetting("Runware:Pool:Connections", "2");
    }
}

[CollectionDefinition(Name)]
public sealed class GenerationCollection : ICollectionFixture<GenerationApiFixture>
{
    public const string Name = "generation-api";
}
