extern alias pmr;

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using RunwareCloud.Contracts;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Processing;
using PmrEmulatorServer = pmr::RunwareCloud.Pmr.Emulator.PmrEmulatorServer;
using RunningPmrEmulator = pmr::RunwareCloud.Pmr.Emulator.RunningPmrEmulator;

namespace RunwareCloud.Orders.Api.Tests;

/// <summary>
/// orders-api on real Postgres, RabbitMQ and Redis with the PMR emulator. A separate bus plays processing-api and
/// history-api at the message boundary: it takes <see cref="ProcessImage"/> from <c>queue:process-image</c>, stores an
/// output in the history stand-in and answers with <see cref="ImageProcessed"/> and <see cref="AssetsStored"/>.
/// </summary>
public sealed class OrdersApiFixture : IAsyncLifetime
{
    public const string SigningKey = "orders-tests-signing-key-0123456789abcdef";

    public RunningPmrEmulator Pmr { get; private set; } = null!;
    public FakeHistoryServer History { get; private set; } = null!;
    public string DatabaseConnectionString { get; private set; } = null!;
    public string MessagingConnectionString { get; private set; } = null!;
    public string KeyPrefix { get; } = TestInfrastructure.CreateKeyPrefix("orders");
    public OrdersApiFactory Factory { get; private set; } = null!;
    public IBusControl Processor { get; private set; } = null!;
    public ConcurrentQueue<ProcessImage> Commands { get; } = new();

    /// <summary>Closed, the processor holds every command until it opens (to pace a test around a restart).</summary>
    public volatile TaskCompletionSource ProcessorGate = Open();

    public async Task InitializeAsync()
    {
        Pmr = await PmrEmulatorServer.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        History = await FakeHistoryServer.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        DatabaseConnectionString = await TestInfrastructure.CreateDatabaseAsync("orders");
        MessagingConnectionString = await TestInfrastructure.CreateVirtualHostAsync("orders");
        Processor = MassTransit.Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            bus.Host(new Uri(MessagingConnectionString));
            bus.ReceiveEndpoint("process-image", endpoint => endpoint.Handler<ProcessImage>(ProcessAsync));
        });
        await Processor.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Factory = StartFactory();
    }

    public OrdersApiFactory StartFactory()
    {
        var factory = new OrdersApiFactory(this);
        _ = factory.Server;
        return factory;
    }

    public async Task RestartAsync()
    {
        await Factory.DisposeAsync();
        Factory = StartFactory();
    }

    public HttpClient CreateClient(Guid userId, string role = "user")
    {
        var client = Factory.CreateClient();
        var token = JwtTokens.Issue(new IdentityOptions { SigningKey = SigningKey }, userId, $"{role}-{userId:N}", role, DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    public static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private async Task ProcessAsync(ConsumeContext<ProcessImage> context)
    {
        var command = context.Message;
        Commands.Enqueue(command);
        await ProcessorGate.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var input = History.Assets[Guid.Parse(command.InputUrl)];
        if (command.Operation == "caption")
        {
            await context.Publish(Processed(command, [new JobOutput { RunwareUrl = "", Text = $"A photo of {input.Bytes.Length} bytes" }]));
            return;
        }

        var output = History.Store([.. input.Bytes, .. System.Text.Encoding.UTF8.GetBytes(command.Operation)], "image/png");
        await context.Publish(Processed(command, [new JobOutput { RunwareUrl = $"http://runware.invalid/{output}.png", ContentType = "image/png" }]));
        await context.Publish(new AssetsStored
        {
            JobId = command.JobId, UserId = command.UserId, CorrelationId = command.CorrelationId, AssetIds = [output],
            FailedOutputs = [], StoredAt = DateTimeOffset.UtcNow,
        });
    }

    private static ImageProcessed Processed(ProcessImage command, IReadOnlyList<JobOutput> outputs) => new()
    {
        JobId = command.JobId, UserId = command.UserId, CorrelationId = command.CorrelationId, Operation = command.Operation,
        Outputs = outputs, OrderId = command.OrderId, OrderImageId = command.OrderImageId, CompletedAt = DateTimeOffset.UtcNow,
    };

    public async Task DisposeAsync()
    {
        ProcessorGate.TrySetResult();
        await Factory.DisposeAsync();
        await Processor.StopAsync();
        await History.DisposeAsync();
        await Pmr.DisposeAsync();
    }
}

public sealed class OrdersApiFactory(OrdersApiFixture fixture) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        builder.UseSetting("ConnectionStrings:ordersdb", fixture.DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", fixture.MessagingConnectionString);
        builder.UseSetting("ConnectionStrings:redis", TestInfrastructure.RedisConnectionString);
        builder.UseSetting("ConnectionStrings:pmr", fixture.Pmr.ConnectionString);
        builder.UseSetting("services:history-api:http:0", fixture.History.BaseUri.ToString().TrimEnd('/'));
        builder.UseSetting("Identity:SigningKey", OrdersApiFixture.SigningKey);
        builder.UseSetting("Redis:KeyPrefix", fixture.KeyPrefix);
        builder.UseSetting("Pmr:UploadPollInterval", "00:00:00.200");
        builder.UseSetting("Pmr:RetryBaseDelay", "00:00:00.020");
        builder.UseSetting("Pmr:MaxRetryAttempts", "2");
        builder.UseSetting("Pmr:BreakerConsecutiveFailures", "3");
        builder.UseSetting("Pmr:BreakerBreakDuration", "00:00:00.500");
    }
}

[CollectionDefinition(Name)]
public sealed class OrdersCollection : ICollectionFixture<OrdersApiFixture>
{
    public const string Name = "orders-api";
}

public static class OrdersClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<JsonElement> CreateOrderAsync(this HttpClient client, string eventId, object? options = null)
    {
        var response = await client.PostAsJsonAsync("/api/orders", new
        {
            eventId, customerName = "Ada Lovelace", customerEmail = "ada@example.com",
            options = options ?? new { removeBackground = false, upscaleFactor = 2, caption = true },
        }).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    public static async Task<HttpResponseMessage> AddImagesAsync(this HttpClient client, Guid orderId, int count)
    {
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[64 + i];
            Random.Shared.NextBytes(bytes);
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "files", $"photo-{i:D3}.png");
        }

        return await client.PostAsync($"/api/orders/{orderId}/images", form).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public static async Task<JsonElement> GetOrderAsync(this HttpClient client, Guid orderId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}", Json).WaitAsync(TimeSpan.FromSeconds(30));

    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient client, Guid orderId, string status, TimeSpan timeout)
    {
        var found = await Eventually.WaitForAsync<JsonElement?>(async () =>
        {
            var order = await client.GetOrderAsync(orderId);
            return order.GetProperty("status").GetString() == status ? order : null;
        }, timeout, $"order {orderId} to be {status}", TimeSpan.FromMilliseconds(200));
        return found!.Value;
    }
}
