using Microsoft.Extensions.Configuration;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using RunwareCloud.AppHost.Hosting.Networking;
using RunwareCloud.AppHost.Hosting.Publishing;
using RunwareCloud.AppHost.Hosting.Servers;

namespace RunwareCloud.AppHost.Hosting;

/// <summary>
/// A server the host starts from local binaries, or — when <c>ConnectionStrings:{name}</c> is configured — an existing
/// server it only connects to.
/// </summary>
public abstract class ServerResource(string name) : Resource(name), IResourceWithConnectionString
{
    private string? _configured;

    protected LocalServer? Server { get; private set; }

    /// <summary>Keeps the server's data between runs (and names a volume in the manifest).</summary>
    public bool HasDataVolume { get; internal set; }

    public override void Allocate(RunContext context)
    {
        _configured = context.Configuration.GetConnectionString(Name) is { Length: > 0 } value ? value : null;
        IsExternal = _configured is not null;
        foreach (var parameter in ImplicitParameters)
        {
            parameter.Allocate(context);
        }

        if (!IsExternal)
        {
            AllocateLocal(context);
        }
    }

    protected abstract void AllocateLocal(RunContext context);

    protected abstract LocalServer CreateServer(RunContext context, string folder);

    protected abstract string LocalConnectionString { get; }

    public string GetConnectionString() => _configured ?? LocalConnectionString;

    public string GetValue() => GetConnectionString();

    public string ManifestExpression => $"{{{Name}.connectionString}}";

    public bool IsSecret => true;

    public abstract string ManifestConnectionString { get; }

    public override async Task<Task<int>?> StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            return null;
        }

        var folder = Path.Combine(context.DataDirectory, Name);
        Server = CreateServer(context, folder);
        await Server.StartAsync(cancellationToken);
        Pid = Server.Process?.Pid;
        return Server.Exited;
    }

    public override async Task StopAsync()
    {
        if (Server is { } server)
        {
            await server.StopAsync();
        }
    }

    public override IReadOnlyList<int> Ports => Server?.Ports ?? [];

    public override IReadOnlyList<string> Urls => [SecretMasker.MaskConnectionString(GetConnectionString())];

    protected string VolumeName => $"runwarecloud.apphost-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("RunwareCloud.AppHost")))[..10]}-{Name}-data";

    protected void Log(string line) => Logs.Add(line);

    protected static void WriteTcpBinding(ManifestWriter writer, string name, string scheme, string transport, int targetPort)
    {
        writer.Json.WriteStartObject(name);
        writer.Json.WriteString("scheme", scheme);
        writer.Json.WriteString("protocol", "tcp");
        writer.Json.WriteString("transport", transport);
        writer.Json.WriteNumber("targetPort", targetPort);
        writer.Json.WriteEndObject();
    }

    protected void WriteVolume(ManifestWriter writer, string target)
    {
        if (!HasDataVolume)
        {
            return;
        }

        writer.Json.WriteStartArray("volumes");
        writer.Json.WriteStartObject();
        writer.Json.WriteString("name", VolumeName);
        writer.Json.WriteString("target", target);
        writer.Json.WriteBoolean("readOnly", false);
        writer.Json.WriteEndObject();
        writer.Json.WriteEndArray();
    }
}

public sealed class PostgresServerResource(string name, ParameterResource password) : ServerResource(name)
{
    private int _port;
    private string _password = "";

    public override string ResourceType => "Postgres";

    public ParameterResource Password { get; } = password;

    protected override void AllocateLocal(RunContext context)
    {
        _port = FreePorts.Next();
        _password = Password.GetValue();
    }

    protected override LocalServer CreateServer(RunContext context, string folder) =>
        new PostgresServer(Name, folder, _port, _password, fastUnsafeSettings: !HasDataVolume, Log);

    protected override string LocalConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Password={_password}";

    public override string ManifestConnectionString =>
        $"Host={{{Name}.bindings.tcp.host}};Port={{{Name}.bindings.tcp.port}};Username=postgres;Password={{{Password.Name}.value}}";

    public override void WriteManifest(ManifestWriter writer)
    {
        var json = writer.Json;
        json.WriteString("type", "container.v0");
        json.WriteString("connectionString", ManifestConnectionString);
        json.WriteString("image", "docker.io/library/postgres:17.6");
        WriteVolume(writer, "/var/lib/postgresql/data");
        json.WriteStartObject("env");
        json.WriteString("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256");
        json.WriteString("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256 --auth-local=scram-sha-256");
        json.WriteString("POSTGRES_USER", "postgres");
        json.WriteString("POSTGRES_PASSWORD", $"{{{Password.Name}.value}}");
        json.WriteEndObject();
        json.WriteStartObject("bindings");
        WriteTcpBinding(writer, "tcp", "tcp", "tcp", 5432);
        json.WriteEndObject();
    }
}

/// <summary>A database on a Postgres server, created at start when missing.</summary>
public sealed class PostgresDatabaseResource : Resource, IResourceWithConnectionString
{
    public PostgresDatabaseResource(string name, PostgresServerResource parent) : base(name)
    {
        Parent = parent;
        WaitsFor.Add(parent);
    }

    public PostgresServerResource Parent { get; }

    public override string ResourceType => "PostgresDatabase";

    // Every service runs the same few statements per message: prepared after their second use, Postgres stops parsing and
    // planning them each time. No service leaves session state behind (advisory locks are released, nothing is SET), so a
    // pooled connection is handed on without the reset statements Npgsql would otherwise send before its next command.
    private const string Tuning = "Max Auto Prepare=64;Auto Prepare Min Usages=2;No Reset On Close=true";

    public string GetConnectionString() =>
        new NpgsqlConnectionStringBuilder(Parent.GetConnectionString() + ";" + Tuning) { Database = Name }.ConnectionString;

    public string GetValue() => GetConnectionString();

    public string ManifestExpression => $"{{{Name}.connectionString}}";

    public bool IsSecret => true;

    public string ManifestConnectionString =>
        $"{{{Parent.Name}.connectionString}};Database={Name};{Tuning}";

    public override async Task<Task<int>?> StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        await PostgresServer.EnsureDatabaseAsync(Parent.GetConnectionString(), Name, cancellationToken);
        Logs.Add($"database {Name} is ready");
        return null;
    }

    public override IReadOnlyList<string> Urls => [SecretMasker.MaskConnectionString(GetConnectionString())];

    public override void WriteManifest(ManifestWriter writer)
    {
        writer.Json.WriteString("type", "value.v0");
        writer.Json.WriteString("connectionString", ManifestConnectionString);
    }
}

public sealed class RedisResource(string name, ParameterResource password) : ServerResource(name)
{
    private int _port;

    public override string ResourceType => "Redis";

    public ParameterResource Password { get; } = password;

    protected override void AllocateLocal(RunContext context) => _port = FreePorts.Next();

    protected override LocalServer CreateServer(RunContext context, string folder) => new RedisServer(Name, folder, _port, Log);

    protected override string LocalConnectionString => $"127.0.0.1:{_port}";

    public override string ManifestConnectionString =>
        $"{{{Name}.bindings.tcp.host}}:{{{Name}.bindings.tcp.port}},password={{{Password.Name}.value}}";

    public override void WriteManifest(ManifestWriter writer)
    {
        var json = writer.Json;
        json.WriteString("type", "container.v0");
        json.WriteString("connectionString", ManifestConnectionString);
        json.WriteString("image", "docker.io/library/redis:7.4");
        json.WriteString("entrypoint", "/bin/sh");
        json.WriteStartArray("args");
        json.WriteStringValue("-c");
        json.WriteStringValue("redis-server --requirepass $REDIS_PASSWORD");
        json.WriteEndArray();
        WriteVolume(writer, "/data");
        json.WriteStartObject("env");
        json.WriteString("REDIS_PASSWORD", $"{{{Password.Name}.value}}");
        json.WriteEndObject();
        json.WriteStartObject("bindings");
        WriteTcpBinding(writer, "tcp", "tcp", "tcp", 6379);
        json.WriteEndObject();
    }
}

public sealed class RabbitMQServerResource(string name, ParameterResource password) : ServerResource(name)
{
    private RabbitMQPorts? _ports;
    private string _password = "";

    public override string ResourceType => "RabbitMQ";

    public ParameterResource Password { get; } = password;

    /// <summary>The management API with credentials (run mode, local server only).</summary>
    public string? ManagementUri => _ports is null ? null : $"http://{InfrastructureOnly.MessagingUser}:{_password}@127.0.0.1:{_ports.Management}/";

    protected override void AllocateLocal(RunContext context)
    {
        _ports = RabbitMQPorts.Allocate();
        _password = Password.GetValue();
    }

    protected override LocalServer CreateServer(RunContext context, string folder) =>
        new RabbitMQServer(Name, folder, _ports!, InfrastructureOnly.MessagingUser, _password, Log);

    protected override string LocalConnectionString => $"amqp://{InfrastructureOnly.MessagingUser}:{_password}@127.0.0.1:{_ports!.Amqp}/";

    public override IReadOnlyList<string> Urls =>
        _ports is null ? base.Urls : [.. base.Urls, $"http://127.0.0.1:{_ports.Management}/"];

    public override string ManifestConnectionString =>
        $"amqp://guest:{{{Password.Name}.value}}@{{{Name}.bindings.tcp.host}}:{{{Name}.bindings.tcp.port}}";

    public override void WriteManifest(ManifestWriter writer)
    {
        var json = writer.Json;
        json.WriteString("type", "container.v0");
        json.WriteString("connectionString", ManifestConnectionString);
        json.WriteString("image", "docker.io/library/rabbitmq:4.1-management");
        WriteVolume(writer, "/var/lib/rabbitmq");
        json.WriteStartObject("env");
        json.WriteString("RABBITMQ_DEFAULT_USER", "guest");
        json.WriteString("RABBITMQ_DEFAULT_PASS", $"{{{Password.Name}.value}}");
        json.WriteEndObject();
        json.WriteStartObject("bindings");
        WriteTcpBinding(writer, "tcp", "tcp", "tcp", 5672);
        WriteTcpBinding(writer, "management", "http", "http", 15672);
        json.WriteEndObject();
    }
}
