using System.Net.Http.Json;
using System.Text.Json;

namespace RunwareCloud.Generation.Api.Tests;

public static class JobPolling
{
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string location, string status, TimeSpan? timeout = null)
    {
        JsonElement last = default;
        await Eventually.WaitUntilAsync(async () =>
        {
            last = await client.GetFromJsonAsync<JsonElement>(location);
            return last.GetProperty("status").GetString() == status;
        }, timeout ?? TimeSpan.FromSeconds(30), $"job at {location} to be {status}");
        return last;
    }

    public static async Task<int> CountJobsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM generation_jobs", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
