namespace Microsoft.Extensions.Configuration;

public static class ConfigurationExtensions
{
    /// <summary>Reads <c>ConnectionStrings:{name}</c>, failing with a message that names the missing setting.</summary>
    public static string GetRequiredConnectionString(this IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Configuration 'ConnectionStrings:{name}' is missing (environment variable ConnectionStrings__{name}).");
}
