using RunwareCloud.AppHost.Hosting;
using RunwareCloud.AppHost.Hosting.Networking;
using RunwareCloud.AppHost.Hosting.Processes;

namespace RunwareCloud.AppHost.Tests;

[Collection(LauncherCollection.Name)]
public sealed class AppModelTests(LauncherFixture fixture) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly TempFolder _folder = new("appmodel");

    private DistributedApplicationBuilder CreateBuilder(Dictionary<string, string?>? configuration = null) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            DataDirectory = Path.Combine(_folder.Path, "data"),
            UseEnvironmentVariables = false,
            WriteToConsole = false,
            Configuration = configuration ?? [],
        });

    private static string UniqueName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];

    [Fact]
    public async Task Configured_connection_strings_start_no_servers_and_databases_are_created_on_them()
    {
        var builder = CreateBuilder(fixture.ExistingServers());
        var postgres = builder.AddPostgres("postgres");
        var databases = Enumerable.Range(0, 6).Select(_ => postgres.AddDatabase(UniqueName("db"))).ToList();
        builder.AddRedis("redis");
        builder.AddRabbitMQ("messaging");
        var childrenBefore = ProcessTree.Descendants(Environment.ProcessId).ToHashSet();

        await using var app = builder.Build();
        await app.StartAsync();
        await app.WaitForAllReadyAsync().WaitAsync(StartTimeout);

        foreach (var name in new[] { "postgres", "redis", "messaging" })
        {
            var server = app.GetResource(name);
            Assert.True(server.IsExternal, name);
            Assert.Null(server.Pid);
            Assert.Empty(server.Ports);
        }

        Assert.Equal(fixture.Infrastructure.Redis.ConnectionString, app.GetConnectionString("redis"));
        // Processes the fixture's servers start on their own (Postgres backends, autovacuum workers) are not new servers.
        var startedSince = ProcessTree.Descendants(Environment.ProcessId).Except(childrenBefore)
            .Except(childrenBefore.SelectMany(ProcessTree.Descendants));
        Assert.DoesNotContain(startedSince, IsServerProcess);
        foreach (var database in databases)
        {
            var connectionString = app.GetConnectionString(database.Resource.Name);
            Assert.Contains($"Database={database.Resource.Name}", connectionString);
            Assert.Equal(1, await Protocols.SelectOneAsync(connectionString));
        }
    }

    [Fact]
    public async Task WithReference_delivers_connection_strings_service_urls_and_parameters_to_a_process()
    {
        var builder = CreateBuilder(new Dictionary<string, string?>(fixture.ExistingServers()) { ["Parameters:api-key"] = "configured-key" });
        var database = builder.AddPostgres("postgres").AddDatabase(UniqueName("refs"));
        var redis = builder.AddRedis("redis");
        var apiKey = builder.AddParameter("api-key", secret: true);
        var emulator = builder.AddProject("pmr-emulator", Projects.PmrEmulator).WithHttpHealthCheck("/health");
        builder.AddExecutable("probe", "/bin/sleep", _folder.Path, "600")
            .WithReference(database).WaitFor(database)
            .WithReference(redis)
            .WithReference(emulator).WaitFor(emulator)
            .WithEnvironment("Runware__ApiKey", apiKey);

        await using var app = builder.Build();
        await app.StartAsync();
        await app.WaitForAllReadyAsync().WaitAsync(StartTimeout);

        // The environment the process really received (a shell would drop names such as services__pmr-emulator__http__0).
        // Read until the exec has replaced the environment a forked child briefly shares with this process.
        var databaseKey = $"ConnectionStrings__{database.Resource.Name}";
        var environment = await Eventually.WaitForAsync(async () =>
        {
            var entries = (await File.ReadAllTextAsync($"/proc/{app.GetResource("probe").Pid}/environ"))
                .Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(entry => entry.Split('=', 2)).Where(parts => parts.Length == 2)
                .GroupBy(parts => parts[0]).ToDictionary(group => group.Key, group => group.Last()[1]);
            return entries.ContainsKey(databaseKey) ? entries : null;
        }, TimeSpan.FromSeconds(10), "the probe's environment");
        var databaseConnection = environment[databaseKey];
        Assert.Equal(1, await Protocols.SelectOneAsync(databaseConnection));
        Assert.Equal("+PONG", await Protocols.RedisPingAsync(environment["ConnectionStrings__redis"]));
        var emulatorUrl = environment["services__pmr-emulator__http__0"];
        Assert.Equal(app.GetEndpoint("pmr-emulator").ToString().TrimEnd('/'), emulatorUrl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Assert.True((await http.GetAsync(emulatorUrl + "/health")).IsSuccessStatusCode);
        Assert.Equal("configured-key", environment["Runware__ApiKey"]);

        // What the dashboard sees never shows a secret.
        var shown = app.GetResources().Single(resource => resource.Name == "probe").Environment;
        Assert.Equal(SecretMasker.Mask, shown["Runware__ApiKey"]);
        Assert.DoesNotContain(new Npgsql.NpgsqlConnectionStringBuilder(databaseConnection).Password!, shown[$"ConnectionStrings__{database.Resource.Name}"]);
    }

    [Fact]
    public async Task Project_gets_its_url_environment_and_telemetry_name()
    {
        var builder = CreateBuilder();
        builder.AddProject("pmr-emulator", Projects.PmrEmulator).WithHttpHealthCheck("/health");

        await using var app = builder.Build();
        await app.StartAsync();
        await app.WaitForResourceReadyAsync("pmr-emulator").WaitAsync(StartTimeout);

        var project = (ProjectResource)app.GetResource("pmr-emulator");
        var environment = project.BuildEnvironment(new RunContext
        {
            DataDirectory = _folder.Path,
            Secrets = new SecretStore(_folder.Path),
            Configuration = builder.Configuration,
            OtlpEndpoint = "http://127.0.0.1:4318",
            Projects = ProjectLocator.FromRunningAssembly(),
        });
        Assert.Equal(project.Http.Url, environment["ASPNETCORE_URLS"]);
        Assert.Equal("pmr-emulator", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("http://127.0.0.1:4318", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("stdin", environment["RUNWARECLOUD_STOP_WITH_HOST"]);
        Assert.Equal(ResourceHealth.Healthy, project.Health);
        Assert.NotNull(project.Pid);
    }

    [Fact]
    public async Task A_service_stops_when_the_input_its_host_holds_open_ends_as_it_does_when_the_host_is_killed()
    {
        var dll = ProjectLocator.FromRunningAssembly().GetEntryAssembly(Projects.PmrEmulator);
        var start = new System.Diagnostics.ProcessStartInfo(ProjectResource.DotNetHost(), [dll])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll),
            Environment = { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0", ["RUNWARECLOUD_STOP_WITH_HOST"] = "stdin" },
        };
        using var service = System.Diagnostics.Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        service.OutputDataReceived += (_, line) => { if (line.Data is not null) { output.Enqueue(line.Data); } };
        service.BeginOutputReadLine();
        try
        {
            await Eventually.WaitUntilAsync(() => output.Any(line => line.Contains("Now listening", StringComparison.Ordinal)),
                StartTimeout, "the service to listen");

            // What the kernel does to the pipe when the host dies, however it dies.
            service.StandardInput.Close();

            await service.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains(output, line => line.Contains("has exited; stopping", StringComparison.Ordinal));
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill();
            }
        }
    }

    [Fact]
    public async Task Resources_not_yet_ready_are_named_with_their_state_and_none_once_all_are_ready()
    {
        var builder = CreateBuilder();
        builder.AddExecutable("waiter", "/bin/sh", _folder.Path, "-c", "sleep 600 & wait");

        await using var app = builder.Build();
        Assert.StartsWith("waiter (", app.DescribeUnready(), StringComparison.Ordinal);

        await app.StartAsync();
        await app.WaitForAllReadyAsync().WaitAsync(StartTimeout);
        Assert.Equal("", app.DescribeUnready());
    }

    [Fact]
    public async Task Crashed_executable_is_restarted_with_backoff()
    {
        var runs = Path.Combine(_folder.Path, "runs.txt");
        var builder = CreateBuilder();
        builder.AddExecutable("crasher", "/bin/sh", _folder.Path, "-c", "echo run >> \"$OUT\"; exit 3").WithEnvironment("OUT", runs);

        await using var app = builder.Build();
        await app.StartAsync();

        await Eventually.WaitUntilAsync(() => File.Exists(runs) && File.ReadAllLines(runs).Length >= 3, TimeSpan.FromSeconds(30), "three runs");
        var crasher = app.GetResource("crasher");
        Assert.True(crasher.Restarts >= 2);
        Assert.Contains(crasher.Logs.Snapshot(), line => line.Text.Contains("exited with code 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_application_leaves_no_started_process_alive_and_frees_its_ports()
    {
        var builder = CreateBuilder();
        var postgres = builder.AddPostgres("postgres");
        var database = postgres.AddDatabase("stopdb");
        var redis = builder.AddRedis("redis");
        var emulator = builder.AddProject("pmr-emulator", Projects.PmrEmulator).WithHttpHealthCheck("/health");
        builder.AddExecutable("sleeper", "/bin/sh", _folder.Path, "-c", "sleep 600 & wait")
            .WithReference(database).WaitFor(database).WithReference(redis).WaitFor(redis).WithReference(emulator);

        await using var app = builder.Build();
        await app.StartAsync();
        await app.WaitForAllReadyAsync().WaitAsync(StartTimeout);
        Assert.False(app.GetResource("postgres").IsExternal);
        Assert.Equal(1, await Protocols.SelectOneAsync(app.GetConnectionString("stopdb")));
        var pids = app.Resources.Where(resource => resource.Pid is not null)
            .SelectMany(resource => ProcessTree.Descendants(resource.Pid!.Value)).ToList();
        var ports = app.Resources.SelectMany(resource => resource.Ports).ToList();
        Assert.True(pids.Count >= 5, $"expected the servers, the project and the executable to run, saw {pids.Count} processes");
        Assert.Equal(3, ports.Count);

        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(90));

        var survivors = pids.Where(ProcessTree.IsAlive).Select(ProcessTree.Describe).ToList();
        Assert.True(survivors.Count == 0, "still running: " + string.Join("; ", survivors));
        Assert.All(ports, port => Assert.True(FreePorts.IsFree(port), $"port {port} is still in use"));
        Assert.All(app.Resources.Where(resource => resource is ProcessResource or ServerResource),
            resource => Assert.Equal(ResourceState.Stopped, resource.State));
    }

    [Fact]
    public async Task Generated_parameters_are_kept_between_runs_and_configured_values_win()
    {
        async Task<string> RunOnce(Dictionary<string, string?>? configuration)
        {
            var builder = CreateBuilder(configuration);
            var parameter = builder.AddParameter("signing-key", new GenerateParameterDefault { MinLength = 40, Special = false });
            await using var app = builder.Build();
            await app.StartAsync();
            await app.WaitForAllReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return parameter.Resource.GetValue();
        }

        var first = await RunOnce(null);
        var second = await RunOnce(null);
        var configured = await RunOnce(new Dictionary<string, string?> { ["Parameters:signing-key"] = "from-configuration" });

        Assert.Equal(40, first.Length);
        Assert.Equal(first, second);
        Assert.Equal("from-configuration", configured);
    }

    private static bool IsServerProcess(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return new[] { "postgres", "redis-server", "rabbitmq", "beam.smp" }.Any(name => commandLine.Contains(name, StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _folder.Dispose();
}
