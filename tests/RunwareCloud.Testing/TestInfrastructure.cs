using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace RunwareCloud.Testing;

/// <summary>
/// The Postgres, Redis and RabbitMQ servers of this test run. <c>./test.sh</c> starts one set through the AppHost's
/// launcher and passes their connection strings in the environment; each test isolates itself with a fresh database,
/// a fresh virtual host or a key prefix.
/// </summary>
public static class TestInfrastructure
{
    public const string PostgresVariable = "ConnectionStrings__postgres";
    public const string RedisVariable = "ConnectionStrings__redis";
    public const string MessagingVariable = "ConnectionStrings__messaging";
    public const string RabbitManagementVariable = "RUNWARECLOUD_RABBITMQ_MANAGEMENT";

    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static string PostgresConnectionString => Require(PostgresVariable);
    public static string RedisConnectionString => Require(RedisVariable);
    public static string MessagingConnectionString => Require(MessagingVariable);
    public static Uri RabbitManagementUri => new(Require(RabbitManagementVariable));

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Creates a RabbitMQ virtual host with a unique name and returns an AMQP URI for it.</summary>
    public static async Task<string> CreateVirtualHostAsync(string prefix = "test")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        var management = RabbitManagementUri;
        using (var create = ManagementRequest(HttpMethod.Put, $"api/vhosts/{name}", null))
        {
            (await s_http.SendAsync(create)).EnsureSuccessStatusCode();
        }

        var user = Uri.UnescapeDataString(management.UserInfo.Split(':')[0]);
        using (var grant = ManagementRequest(HttpMethod.Put, $"api/permissions/{name}/{user}",
                   """{"configure":".*","write":".*","read":".*"}"""))
        {
            (await s_http.SendAsync(grant)).EnsureSuccessStatusCode();
        }

        var amqp = new UriBuilder(MessagingConnectionString) { Path = "/" + name };
        return amqp.Uri.ToString();
    }

    /// <summary>A key prefix unique to one test, for Redis isolation.</summary>
    public static string CreateKeyPrefix(string prefix = "test") => $"{prefix}:{Guid.NewGuid():N}:";

    public static HttpRequestMessage ManagementRequest(HttpMethod method, string relativePath, string? jsonBody)
    {
        var management = RabbitManagementUri;
        var request = new HttpRequestMessage(method, new Uri(new Uri(management.GetLeftPart(UriPartial.Authority) + "/"), relativePath));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: run the suite through ./test.sh, which starts the servers and sets it.");
}
