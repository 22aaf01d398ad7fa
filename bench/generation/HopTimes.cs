using Npgsql;

/// <summary>
/// Where a job's time goes between submit and succeeded, hop by hop, read from the timestamps the services write anyway:
/// the job row, the outbox rows of generation-api and history-api (when each message was staged), history-api's inbox row
/// (when the message was taken up: before its downloads until 2026-12-03, after them since) and its asset rows. One
/// machine, one clock.
/// </summary>
internal static class HopTimes
{
    public static readonly string[] Hops =
    [
        "sent → job row (submit)",
        "job row → started (outbox, broker, claim)",
        "started → outputs recorded (Runware task)",
        "outputs recorded → history's inbox row (outbox, broker, download)",
        "inbox row → asset rows (blob rows, bytes to their address)",
        "asset rows → AssetsStored staged",
        "AssetsStored staged → job settled (commit, outbox, broker)",
    ];

    /// <summary>The median of each hop over <paramref name="sentAt"/>'s jobs, in the order of <see cref="Hops"/>.</summary>
    public static async Task<double[]> MediansAsync(string generationDb, string historyDb, IReadOnlyDictionary<Guid, DateTimeOffset> sentAt)
    {
        var ids = sentAt.Keys.ToArray();
        // A relayed message's id is its outbox row's id, and history's inbox row records when that message arrived.
        var generation = await ReadAsync(generationDb, """
            SELECT j."Id", s.id, j."CreatedAt", j."StartedAt", s.created_at, j."CompletedAt"
            FROM generation_jobs j
            JOIN outbox_messages s ON s.message_type LIKE '%GenerationSucceeded%' AND (s.body->>'jobId')::uuid = j."Id"
            WHERE j."Id" = ANY(@ids) AND j."Status" = 'succeeded'
            """, ids);
        var history = await ReadAsync(historyDb, """
            SELECT a.job_id, NULL::uuid, max(a.created_at), min(o.created_at)
            FROM assets a
            JOIN outbox_messages o ON o.message_type LIKE '%AssetsStored%' AND (o.body->>'jobId')::uuid = a.job_id
            WHERE a.job_id = ANY(@ids)
            GROUP BY a.job_id
            """, ids);
        var arrivals = await ReadAsync(historyDb, "SELECT message_id, NULL::uuid, processed_at FROM inbox_messages WHERE message_id = ANY(@ids)",
            [.. generation.Values.Select(row => row.MessageId!.Value)]);

        var hops = Hops.Select(_ => new List<double>()).ToArray();
        foreach (var (id, job) in generation)
        {
            if (!history.TryGetValue(id, out var stored) || !arrivals.TryGetValue(job.MessageId!.Value, out var arrival)
                || job.Times.Any(t => t is null) || stored.Times.Any(t => t is null))
            {
                continue;
            }

            // sent, job row, started, outputs recorded, history inbox, asset row, AssetsStored staged, completed
            DateTimeOffset[] points =
            [
                sentAt[id], job.Times[0]!.Value, job.Times[1]!.Value, job.Times[2]!.Value, arrival.Times[0]!.Value,
                stored.Times[0]!.Value, stored.Times[1]!.Value, job.Times[3]!.Value,
            ];
            for (var hop = 0; hop < hops.Length; hop++)
            {
                hops[hop].Add((points[hop + 1] - points[hop]).TotalMilliseconds);
            }
        }

        return [.. hops.Select(values => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2))];
    }

    private sealed record Row(Guid? MessageId, DateTimeOffset?[] Times);

    // Each row: a key, an optional message id, then timestamps.
    private static async Task<Dictionary<Guid, Row>> ReadAsync(string connectionString, string sql, Guid[] ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<Guid, Row>();
        while (await reader.ReadAsync())
        {
            var times = new DateTimeOffset?[reader.FieldCount - 2];
            for (var field = 2; field < reader.FieldCount; field++)
            {
                times[field - 2] = reader.IsDBNull(field) ? null : reader.GetFieldValue<DateTimeOffset>(field);
            }

            rows[reader.GetGuid(0)] = new Row(reader.IsDBNull(1) ? null : reader.GetGuid(1), times);
        }

        return rows;
    }
}
