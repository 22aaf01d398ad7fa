namespace RunwareCloud.AppHost.Hosting;

/// <summary>A resource being declared, with the builder it belongs to (Aspire's <c>IResourceBuilder&lt;T&gt;</c>).</summary>
public interface IResourceBuilder<out T> where T : class
{
    T Resource { get; }

    DistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder applicationBuilder) : IResourceBuilder<T> where T : class
{
    public T Resource { get; } = resource;

    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;
}

/// <summary>The vocabulary of an AppHost: servers, databases, parameters, projects, references and waits.</summary>
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name)
    {
        var password = new ParameterResource($"{name}-password", secret: true, new GenerateParameterDefault { MinLength = 22 });
        var server = new PostgresServerResource(name, password);
        server.ImplicitParameters.Add(password);
        return builder.AddResource(server);
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name) =>
        server.ApplicationBuilder.AddResource(new PostgresDatabaseResource(name, server.Resource));

    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name)
    {
        var password = new ParameterResource($"{name}-password", secret: true, new GenerateParameterDefault { MinLength = 22, Special = false });
        var redis = new RedisResource(name, password);
        redis.ImplicitParameters.Add(password);
        return builder.AddResource(redis);
    }

    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this DistributedApplicationBuilder builder, string name)
    {
        var password = new ParameterResource($"{name}-password", secret: true, new GenerateParameterDefault { MinLength = 22, Special = false });
        var rabbit = new RabbitMQServerResource(name, password);
        rabbit.ImplicitParameters.Add(password);
        return builder.AddResource(rabbit);
    }

    public static IResourceBuilder<T> WithDataVolume<T>(this IResourceBuilder<T> builder) where T : ServerResource
    {
        builder.Resource.HasDataVolume = true;
        return builder;
    }

    public static IResourceBuilder<ParameterResource> AddParameter(this DistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret, generate: null));

    /// <summary>A parameter generated once when not configured (passwords, signing keys), kept in the data folder.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(
        this DistributedApplicationBuilder builder, string name, GenerateParameterDefault generate, bool secret = true) =>
        builder.AddResource(new ParameterResource(name, secret, generate));

    public static IResourceBuilder<ConnectionStringResource> AddConnectionString(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new ConnectionStringResource(name));

    /// <summary>
    /// In run mode, when the connection string is not configured, points it at a local emulator: consumers that wait for
    /// the connection string wait for the emulator.
    /// </summary>
    public static IResourceBuilder<ConnectionStringResource> RunAsEmulator(
        this IResourceBuilder<ConnectionStringResource> builder, IResourceBuilder<ProjectResource> emulator, ReferenceExpression connectionString)
    {
        builder.Resource.EmulatorConnectionString = connectionString;
        builder.Resource.WaitsFor.Add(emulator.Resource);
        return builder;
    }

    /// <summary>True when configuration names the real service, so no emulator should run.</summary>
    public static bool IsConfigured(this IResourceBuilder<ConnectionStringResource> builder) =>
        builder.Resource.IsConfigured(builder.ApplicationBuilder.Configuration);

    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectName) =>
        builder.AddResource(new ProjectResource(name, projectName));

    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this DistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args)
    {
        var executable = new ExecutableResource(name, command, workingDirectory);
        executable.Arguments.AddRange(args);
        return builder.AddResource(executable);
    }

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params string[] args) where T : ProcessResource
    {
        builder.Resource.Arguments.AddRange(args);
        return builder;
    }

    /// <summary>Connection strings become <c>ConnectionStrings__{name}</c>.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : class, IResourceWithEnvironment
    {
        builder.Resource.EnvironmentVariables.Add(($"ConnectionStrings__{source.Resource.Name}", source.Resource));
        return builder;
    }

    /// <summary>A project becomes <c>services__{name}__http__0</c> (service discovery).</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ProjectResource> source)
        where T : class, IResourceWithEnvironment
    {
        builder.Resource.EnvironmentVariables.Add(($"services__{source.Resource.Name}__http__0", source.Resource.Http.UrlValue));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : class, IResourceWithEnvironment
    {
        builder.Resource.EnvironmentVariables.Add((name, new LiteralValue(value)));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<IValueProvider> value)
        where T : class, IResourceWithEnvironment
    {
        builder.Resource.EnvironmentVariables.Add((name, value.Resource));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IValueProvider value)
        where T : class, IResourceWithEnvironment
    {
        builder.Resource.EnvironmentVariables.Add((name, value));
        return builder;
    }

    /// <summary>Starts this resource only once <paramref name="dependency"/> is ready (healthy).</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency) where T : Resource
    {
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path = "/health")
    {
        builder.Resource.HealthCheckPath = path;
        return builder;
    }

    /// <summary>Marks the HTTP endpoint as reachable from outside (only the gateway).</summary>
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.IsExternalHttp = true;
        return builder;
    }

    /// <summary>Listens on <paramref name="port"/> when it is free (a stable URL for people), otherwise on any free port.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int port)
    {
        builder.Resource.PreferredPort = port;
        return builder;
    }

    public static EndpointReference GetEndpoint(this IResourceBuilder<ProjectResource> builder, string name) =>
        builder.Resource.GetEndpoint(name);
}
