using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

/// <summary>
/// Work the servers count themselves: Postgres transactions (every statement outside an explicit transaction is one) and
/// RabbitMQ deliveries to consumers. Unlike CPU time on a shared machine these do not drift from run to run, so they show
/// whether a change really removed database or broker work from a job. The broker's management API refreshes its totals
/// only every few seconds, so a reading waits until its totals hold still.
/// </summary>
internal sealed class ServerWork(string postgresConnectionString, Uri managementUri) : IDisposable
{
    private static readonly TimeSpan s_settled = TimeSpan.FromSeconds(6);
    private readonly HttpClient _management = CreateManagementClient(managementUri);

    public readonly record struct Reading(DateTimeOffset At, long Transactions, long Deliveries);

    public readonly record struct PerJob(double Transactions, double Deliveries);

    /// <summary>Counts once the broker's delivery total has stopped moving for a whole refresh interval.</summary>
    public async Task<Reading> ReadSettledAsync(CancellationToken cancellationToken)
    {
        var last = await ReadAsync(cancellationToken);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await Task.Delay(s_settled, cancellationToken);
            var next = await ReadAsync(cancellationToken);
            if (next.Deliveries == last.Deliveries)
            {
                return next;
            }

            last = next;
        }

        return last;
    }

    /// <summary>
    /// Per job, net of the background (relay polls, deadline sweeps, health checks) counted over <paramref name="idle"/>,
    /// a quiet interval just before.
    /// </summary>
    public static PerJob Net((Reading From, Reading To) idle, (Reading From, Reading To) busy, int jobs)
    {
        double RatePerSecond(long from, long to, (Reading From, Reading To) span) => (to - from) / (span.To.At - span.From.At).TotalSeconds;
        var busySeconds = (busy.To.At - busy.From.At).TotalSeconds;
        var transactions = busy.To.Transactions - busy.From.Transactions - RatePerSecond(idle.From.Transactions, idle.To.Transactions, idle) * busySeconds;
        var deliveries = busy.To.Deliveries - busy.From.Deliveries - RatePerSecond(idle.From.Deliveries, idle.To.Deliveries, idle) * busySeconds;
        return new PerJob(transactions / jobs, deliveries / jobs);
    }

    private async Task<Reading> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(postgresConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT sum(xact_commit + xact_rollback)::bigint FROM pg_stat_database", connection);
        var transactions = (long)(await command.ExecuteScalarAsync(cancellationToken))!;

        using var overview = JsonDocument.Parse(await _management.GetStringAsync("api/overview", cancellationToken));
        var deliveries = overview.RootElement.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("deliver_get", out var value)
            ? value.GetInt64()
            : 0;
        return new Reading(DateTimeOffset.UtcNow, transactions, deliveries);
    }

    private static HttpClient CreateManagementClient(Uri managementUri)
    {
        var credentials = Uri.UnescapeDataString(managementUri.UserInfo);
        var client = new HttpClient { BaseAddress = new Uri(managementUri.GetLeftPart(UriPartial.Authority) + "/"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return client;
    }

    public void Dispose() => _management.Dispose();
}
