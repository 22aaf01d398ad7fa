extern alias emulator;

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.Messaging;
using EmulatorServer = emulator::RunwareCloud.Runware.Emulator.EmulatorServer;
using LatencyProfile = emulator::RunwareCloud.Runware.Emulator.LatencyProfile;
using RunningEmulator = emulator::RunwareCloud.Runware.Emulator.RunningEmulator;

namespace RunwareCloud.Processing.Api.Tests;

/// <summary>
/// processing-api on real Postgres, RabbitMQ, Redis and the Runware emulator; a separate bus plays history-api's side of
/// the contract (<see cref="ImageProcessed"/> in, <see cref="AssetsStored"/> out) and records what the service published.
/// </summary>
public sealed class ProcessingApiFixture : IAsyncLifetime
{
    public const string SigningKey = "processing-tests-signing-key-0123456789abcdef";

    public RunningEmulator Emulator { get; private set; } = null!;
    public string DatabaseConnectionString { get; private set; } = null!;
    public string MessagingConnectionString { get; private set; } = null!;
    public ConcurrentQueue<ImageProcessed> Processed { get; } = new();
    public ConcurrentQueue<ImageProcessingFailed> Failed { get; } = new();
    public ProcessingApiFactory Factory { get; private set; } = null!;
    public IBusControl Bus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorServer.StartAsync(options => options.LatencyProfile = LatencyProfile.Fast);
        DatabaseConnectionString = await TestInfrastructure.CreateDatabaseAsync("processing");
        MessagingConnectionString = await TestInfrastructure.CreateVirtualHostAsync("processing");
        Factory = new ProcessingApiFactory(this);
        _ = Factory.Server;

        Bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            bus.Host(new Uri(MessagingConnectionString));
            bus.UseEventRouting();
            bus.ReceiveEndpoint("processing-tests-history", endpoint =>
            {
                endpoint.Handler<ImageProcessed>(async context =>
                {
                    Processed.Enqueue(context.Message);
                    var stored = context.Message.Outputs.Where(o => o.RunwareUrl.Length > 0).Select(_ => Guid.NewGuid()).ToList();
                    await context.Publish(new AssetsStored
                    {
                        JobId = context.Message.JobId, UserId = context.Message.UserId, CorrelationId = context.Message.CorrelationId,
                        AssetIds = stored, FailedOutputs = [], StoredAt = DateTimeOffset.UtcNow, Origin = AssetOrigins.Processing,
                    });
                });
                endpoint.Handler<ImageProcessingFailed>(context => { Failed.Enqueue(context.Message); return Task.CompletedTask; });
            });
        });
        await Bus.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public HttpClient CreateClient(Guid userId, string role = "user")
    {
        var client = Factory.CreateClient();
        var token = JwtTokens.Issue(new IdentityOptions { SigningKey = SigningKey }, userId, $"user-{userId:N}", role, DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        await Bus.StopAsync();
        await Factory.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

public sealed class ProcessingApiFactory(ProcessingApiFixture fixture) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        builder.UseSetting("ConnectionStrings:processingdb", fixture.DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", fixture.MessagingConnectionString);
        builder.UseSetting("ConnectionStrings:redis", TestInfrastructure.RedisConnectionString);
        builder.UseSetting("ConnectionStrings:runware", fixture.Emulator.ConnectionString);
        builder.UseSetting("Identity:SigningKey", ProcessingApiFixture.SigningKey);
        builder.UseSetting("Redis:KeyPrefix", TestInfrastructure.CreateKeyPrefix("processing"));
    }
}

[CollectionDefinition(Name)]
public sealed class ProcessingCollection : ICollectionFixture<ProcessingApiFixture>
{
    public const string Name = "processing-api";
}
