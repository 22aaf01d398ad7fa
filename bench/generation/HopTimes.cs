using Npgsql;

/// <summary>
/// Where a job's time goes between submit and succeeded, hop by hop, read from the timestamps the services write anyway:
/// the job row, the outbox rows of generation-api and history-api (created when the transaction wrote them, published when
/// the relay claimed them) and history-api's asset rows. One machine, one clock.
/// </summary>
internal static class HopTimes
{
    public static readonly string[] Hops =
    [
        "submit (sent → job row)",
        "relay GenerationRequested",
        "broker + worker claim",
        "Runware task + outputs recorded",
        "relay GenerationSucceeded",
        "broker + history download and inspect",
        "history store and commit",
        "relay AssetsStored",
        "broker + job settled",
    ];

    /// <summary>The median of each hop over <paramref name="sentAt"/>'s jobs, in the order of <see cref="Hops"/>.</summary>
    public static async Task<double[]> MediansAsync(string generationDb, string historyDb, IReadOnlyDictionary<Guid, DateTimeOffset> sentAt)
    {
        var ids = sentAt.Keys.ToArray();
        var generation = await ReadAsync(generationDb, """
            SELECT j."Id", j."CreatedAt", r.published_at, j."StartedAt", s.created_at, s.published_at, j."CompletedAt"
            FROM generation_jobs j
            JOIN outbox_messages r ON r.message_type LIKE '%GenerationRequested%' AND (r.body->>'jobId')::uuid = j."Id"
            JOIN outbox_messages s ON s.message_type LIKE '%GenerationSucceeded%' AND (s.body->>'jobId')::uuid = j."Id"
            WHERE j."Id" = ANY(@ids) AND j."Status" = 'succeeded'
            """, ids);
        var history = await ReadAsync(historyDb, """
            SELECT a.job_id, max(a.created_at), min(o.created_at), min(o.published_at)
            FROM assets a
            JOIN outbox_messages o ON o.message_type LIKE '%AssetsStored%' AND (o.body->>'jobId')::uuid = a.job_id
            WHERE a.job_id = ANY(@ids)
            GROUP BY a.job_id
            """, ids);

        var hops = Hops.Select(_ => new List<double>()).ToArray();
        foreach (var (id, job) in generation)
        {
            if (!history.TryGetValue(id, out var stored) || job.Any(t => t is null) || stored.Any(t => t is null))
            {
                continue;
            }

            DateTimeOffset[] points =
            [
                sentAt[id], job[0]!.Value, job[1]!.Value, job[2]!.Value, job[3]!.Value, job[4]!.Value,
                stored[0]!.Value, stored[1]!.Value, stored[2]!.Value, job[5]!.Value,
            ];
            for (var hop = 0; hop < hops.Length; hop++)
            {
                hops[hop].Add((points[hop + 1] - points[hop]).TotalMilliseconds);
            }
        }

        return [.. hops.Select(values => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2))];
    }

    private static async Task<Dictionary<Guid, DateTimeOffset?[]>> ReadAsync(string connectionString, string sql, Guid[] ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<Guid, DateTimeOffset?[]>();
        while (await reader.ReadAsync())
        {
            var times = new DateTimeOffset?[reader.FieldCount - 1];
            for (var field = 1; field < reader.FieldCount; field++)
            {
                times[field - 1] = reader.IsDBNull(field) ? null : reader.GetFieldValue<DateTimeOffset>(field);
            }

            rows[reader.GetGuid(0)] = times;
        }

        return rows;
    }
}
