using RunwareCloud.AppHost.Hosting;
using RunwareCloud.AppHost.Hosting.Publishing;

namespace RunwareCloud.AppHost;

/// <summary>
/// The RunwareCloud application: servers, databases, the external APIs (emulated locally), the services and the gateway.
/// Program.cs runs it; end-to-end tests build the same graph in a temporary folder.
/// </summary>
public static class RunwareCloudGraph
{
    public const string AdminUserName = "admin";

    public static DistributedApplicationBuilder Build(DistributedApplicationBuilder builder)
    {
        // Data
        var postgres = builder.AddPostgres("postgres").WithDataVolume();
        var generationDb = postgres.AddDatabase("generationdb");
        var processingDb = postgres.AddDatabase("processingdb");
        var historyDb = postgres.AddDatabase("historydb");
        var ordersDb = postgres.AddDatabase("ordersdb");
        var gatewayDb = postgres.AddDatabase("gatewaydb");
        var notificationsDb = postgres.AddDatabase("notificationsdb");
        var redis = builder.AddRedis("redis");
        var messaging = builder.AddRabbitMQ("messaging").WithDataVolume();

        // Secrets generated once per installation
        var signingKey = builder.AddParameter("jwt-signing-key", new GenerateParameterDefault { MinLength = 48, Special = false });
        var adminPassword = builder.AddParameter("admin-password", new GenerateParameterDefault { MinLength = 22, Special = false });

        // External APIs: secret connection strings when deployed or configured, local emulators otherwise
        var runware = builder.AddConnectionString("runware");
        var pmr = builder.AddConnectionString("pmr");
        if (builder.ExecutionContext.IsRunMode && !runware.IsConfigured())
        {
            var runwareApiKey = builder.AddParameter("runware-api-key", secret: true);
            var runwareEmulator = builder.AddProject("runware-emulator", Projects.RunwareEmulator)
                .WithEnvironment("Emulator__AcceptedApiKeys__0", runwareApiKey)
                .WithHttpHealthCheck("/health");
            runware.RunAsEmulator(runwareEmulator,
                ReferenceExpression.Create($"Endpoint=ws://{runwareEmulator.GetEndpoint("http").HostAndPort}/v1;ApiKey={runwareApiKey.Resource}"));
        }

        if (builder.ExecutionContext.IsRunMode && !pmr.IsConfigured())
        {
            var pmrClientSecret = builder.AddParameter("pmr-client-secret", new GenerateParameterDefault { Special = false });
            var pmrApiKey = builder.AddParameter("pmr-api-key", new GenerateParameterDefault { Special = false });
            var pmrEmulator = builder.AddProject("pmr-emulator", Projects.PmrEmulator)
                .WithEnvironment("Emulator__ClientId", "runwarecloud")
                .WithEnvironment("Emulator__ClientSecret", pmrClientSecret)
                .WithEnvironment("Emulator__ApiKey", pmrApiKey)
                .WithHttpHealthCheck("/health");
            pmr.RunAsEmulator(pmrEmulator, ReferenceExpression.Create(
                $"Endpoint={pmrEmulator.GetEndpoint("http").UrlValue};ClientId=runwarecloud;ClientSecret={pmrClientSecret.Resource};ApiKey={pmrApiKey.Resource}"));
        }

        // Services
        var historyApi = builder.AddProject("history-api", Projects.HistoryApi)
            .WithReference(historyDb).WaitFor(historyDb)
            .WithReference(redis).WaitFor(redis)
            .WithReference(messaging).WaitFor(messaging)
            .WithEnvironment("Identity__SigningKey", signingKey)
            .WithHttpHealthCheck("/health");
        if (builder.ExecutionContext.IsRunMode)
        {
            // Kept with the other data, not under the service's own folder (its content root, which the configuration
            // watches for changes, so that every stored file would wake the watcher); a deployment mounts a volume instead.
            historyApi.WithEnvironment("History__AssetRoot", Path.Combine(builder.DataDirectory, "assets"));
        }

        var generationApi = builder.AddProject("generation-api", Projects.GenerationApi)
            .WithReference(historyApi)
            .WithReference(generationDb).WaitFor(generationDb)
            .WithReference(redis).WaitFor(redis)
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(runware).WaitFor(runware)
            .WithEnvironment("Identity__SigningKey", signingKey)
            .WithHttpHealthCheck("/health");

        var processingApi = builder.AddProject("processing-api", Projects.ProcessingApi)
            .WithReference(historyApi)
            .WithReference(processingDb).WaitFor(processingDb)
            .WithReference(redis).WaitFor(redis)
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(runware).WaitFor(runware)
            .WithEnvironment("Identity__SigningKey", signingKey)
            .WithHttpHealthCheck("/health");

        var ordersApi = builder.AddProject("orders-api", Projects.OrdersApi)
            .WithReference(ordersDb).WaitFor(ordersDb)
            .WithReference(redis).WaitFor(redis)
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(pmr).WaitFor(pmr)
            .WithReference(historyApi)
            .WithEnvironment("Identity__SigningKey", signingKey)
            .WithHttpHealthCheck("/health");

        var notificationsApi = builder.AddProject("notifications-api", Projects.NotificationsApi)
            .WithReference(notificationsDb).WaitFor(notificationsDb)
            .WithReference(redis).WaitFor(redis)
            .WithReference(messaging).WaitFor(messaging)
            .WithEnvironment("Identity__SigningKey", signingKey)
            .WithHttpHealthCheck("/health");

        // Edge
        var gateway = builder.AddProject("gateway", Projects.Gateway)
            .WithExternalHttpEndpoints()
            .WithHttpEndpoint(port: 5080)
            .WithReference(gatewayDb).WaitFor(gatewayDb)
            .WithReference(redis).WaitFor(redis)
            .WithReference(generationApi)
            .WithReference(processingApi)
            .WithReference(historyApi)
            .WithReference(ordersApi)
            .WithReference(notificationsApi)
            .WithEnvironment("Identity__SigningKey", signingKey)
            .WithEnvironment("Bootstrap__AdminUserName", AdminUserName)
            .WithEnvironment("Bootstrap__AdminPassword", adminPassword)
            // Socket continuations run on the socket threads (see GatewayOptions.InlineIo); read at process start, so set here.
            .WithEnvironment("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1")
            .WithHttpHealthCheck("/health");
        if (builder.ExecutionContext.IsRunMode)
        {
            // ./run.sh and ./test.sh build the web app here; a deployment bakes it into the gateway's image instead.
            gateway.WithEnvironment("Gateway__WebRoot", Path.Combine(ManifestWriter.RepositoryRoot(), "src", "RunwareCloud.Web", "dist"));
        }

        // Shown once, on the run that generated the password (a fresh install).
        builder.OnReady(() => adminPassword.Resource.WasGenerated
            ? $"Seeded login: user '{AdminUserName}', password '{adminPassword.Resource.GetValue()}' (kept in {builder.DataDirectory}/secrets.json)"
            : null);

        return builder;
    }
}
