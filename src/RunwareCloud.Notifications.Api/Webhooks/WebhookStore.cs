using Npgsql;
using NpgsqlTypes;

namespace RunwareCloud.Notifications.Api.Webhooks;

/// <summary>Webhook subscriptions, their durable delivery queue and the attempt log, in Postgres.</summary>
public sealed class WebhookStore(NpgsqlDataSource dataSource)
{
    private const string SubscriptionColumns =
        "id, url, event_types, description, enabled, consecutive_failures, disabled_reason, created_at";

    public async Task CreateSubscriptionAsync(Guid userId, WebhookSubscription subscription, string secret, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO webhook_subscriptions (id, user_id, url, secret, event_types, description, enabled, consecutive_failures, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, true, 0, $7)
            """);
        command.Parameters.Add(new() { Value = subscription.Id });
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = subscription.Url });
        command.Parameters.Add(new() { Value = secret });
        command.Parameters.Add(new() { Value = subscription.EventTypes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)subscription.Description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = subscription.CreatedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> CountSubscriptionsAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM webhook_subscriptions WHERE user_id = $1");
        command.Parameters.Add(new() { Value = userId });
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListSubscriptionsAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE user_id = $1 ORDER BY created_at, id");
        command.Parameters.Add(new() { Value = userId });
        return await ReadSubscriptionsAsync(command, cancellationToken);
    }

    public async Task<WebhookSubscription?> GetSubscriptionAsync(Guid userId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE user_id = $1 AND id = $2");
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = id });
        return (await ReadSubscriptionsAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<bool> DeleteSubscriptionAsync(Guid userId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM webhook_subscriptions WHERE user_id = $1 AND id = $2");
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> EnableSubscriptionAsync(Guid userId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_subscriptions SET enabled = true, consecutive_failures = 0, disabled_reason = NULL
            WHERE user_id = $1 AND id = $2
            """);
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Queues one delivery per enabled subscription of the user whose filter matches; a message queued before (a
    /// redelivered bus message) is not queued again.
    /// </summary>
    public async Task<int> EnqueueAsync(
        Guid userId, string messageId, string eventType, string payload, DateTimeOffset now, TimeSpan retryWindow, CancellationToken cancellationToken)
    {
        var family = eventType[..(eventType.IndexOf('.', StringComparison.Ordinal) + 1)] + "*";
        await using var command = dataSource.CreateCommand("""
            INSERT INTO webhook_deliveries (id, subscription_id, message_id, event_type, payload, status, attempts, next_attempt_at, retry_until, created_at)
            SELECT gen_random_uuid(), s.id, $2, $3, $4, 'pending', 0, $6, $7, $6
            FROM webhook_subscriptions s
            WHERE s.user_id = $1 AND s.enabled
              AND (cardinality(s.event_types) = 0 OR $3 = ANY (s.event_types) OR $5 = ANY (s.event_types) OR '*' = ANY (s.event_types))
            ON CONFLICT (subscription_id, message_id) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = messageId });
        command.Parameters.Add(new() { Value = eventType });
        command.Parameters.Add(new() { Value = payload });
        command.Parameters.Add(new() { Value = family });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = now + retryWindow });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookDelivery>?> ListDeliveriesAsync(Guid userId, Guid subscriptionId, int limit, CancellationToken cancellationToken)
    {
        if (await GetSubscriptionAsync(userId, subscriptionId, cancellationToken) is null)
        {
            return null;
        }

        var deliveries = new List<WebhookDelivery>();
        await using (var command = dataSource.CreateCommand("""
            SELECT id, event_type, status, attempts, next_attempt_at, created_at, last_attempt_at, last_status_code, last_error, delivered_at
            FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY created_at DESC, id LIMIT $2
            """))
        {
            command.Parameters.Add(new() { Value = subscriptionId });
            command.Parameters.Add(new() { Value = limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                deliveries.Add(new WebhookDelivery
                {
                    Id = id,
                    WebhookId = WebhookDelivery.ToWebhookId(id),
                    EventType = reader.GetString(1),
                    Status = reader.GetString(2),
                    Attempts = reader.GetInt32(3),
                    NextAttemptAt = reader.IsDBNull(4) || reader.GetString(2) != WebhookDeliveryStatus.Pending ? null : reader.GetFieldValue<DateTimeOffset>(4),
                    CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
                    LastAttemptAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                    LastStatusCode = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                    LastError = reader.IsDBNull(8) ? null : reader.GetString(8),
                    DeliveredAt = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                    AttemptLog = [],
                });
            }
        }

        if (deliveries.Count == 0)
        {
            return deliveries;
        }

        var attempts = new Dictionary<Guid, List<WebhookAttempt>>();
        await using (var command = dataSource.CreateCommand("""
            SELECT delivery_id, attempt, attempted_at, status_code, error, duration_ms
            FROM webhook_attempts WHERE delivery_id = ANY ($1) ORDER BY delivery_id, attempt, id
            """))
        {
            command.Parameters.Add(new() { Value = deliveries.Select(delivery => delivery.Id).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var deliveryId = reader.GetGuid(0);
                if (!attempts.TryGetValue(deliveryId, out var list))
                {
                    attempts[deliveryId] = list = [];
                }

                list.Add(new WebhookAttempt
                {
                    Attempt = reader.GetInt32(1),
                    AttemptedAt = reader.GetFieldValue<DateTimeOffset>(2),
                    StatusCode = reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    Error = reader.IsDBNull(4) ? null : reader.GetString(4),
                    DurationMs = reader.GetInt32(5),
                });
            }
        }

        return [.. deliveries.Select(delivery => delivery with { AttemptLog = attempts.GetValueOrDefault(delivery.Id) ?? [] })];
    }

    /// <summary>Queues a delivery again (any status) with its original id, so the receiver sees the same <c>webhook-id</c>.</summary>
    public async Task<RedeliveryOutcome> RedeliverAsync(
        Guid userId, Guid subscriptionId, Guid deliveryId, DateTimeOffset now, TimeSpan retryWindow, CancellationToken cancellationToken)
    {
        var subscription = await GetSubscriptionAsync(userId, subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return RedeliveryOutcome.NotFound;
        }

        if (!subscription.Enabled)
        {
            return RedeliveryOutcome.SubscriptionDisabled;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $3, retry_until = $4
            WHERE id = $1 AND subscription_id = $2
            """);
        command.Parameters.Add(new() { Value = deliveryId });
        command.Parameters.Add(new() { Value = subscriptionId });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = now + retryWindow });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0 ? RedeliveryOutcome.Scheduled : RedeliveryOutcome.NotFound;
    }

    /// <summary>
    /// Claims due deliveries for one attempt each. A claim is a lease (the next attempt time moves past the request
    /// timeout), so no transaction stays open during HTTP calls and a crashed dispatcher's claims come due again.
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH due AS (
                SELECT d.id
                FROM webhook_deliveries d
                JOIN webhook_subscriptions s ON s.id = d.subscription_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND s.enabled
                ORDER BY d.next_attempt_at
                LIMIT $3
                FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE webhook_deliveries d
            SET next_attempt_at = $2, attempts = d.attempts + 1, last_attempt_at = $1
            FROM due, webhook_subscriptions s
            WHERE d.id = due.id AND s.id = d.subscription_id
            RETURNING d.id, d.subscription_id, s.url, s.secret, d.payload, d.attempts, d.retry_until
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = now + lease });
        command.Parameters.Add(new() { Value = batchSize });
        var claimed = new List<DueDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new DueDelivery(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return claimed;
    }

    public async Task RecordSuccessAsync(DueDelivery delivery, int statusCode, int durationMs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("""
            UPDATE webhook_deliveries SET status = 'succeeded', delivered_at = $2, next_attempt_at = NULL,
                last_status_code = $3, last_error = NULL
            WHERE id = $1
            """, delivery.Id, now, statusCode));
        batch.BatchCommands.Add(Command(
            "UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1", delivery.SubscriptionId));
        batch.BatchCommands.Add(AttemptCommand(delivery, now, statusCode, null, durationMs));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a failed attempt; with no <paramref name="nextAttemptAt"/> the delivery has failed for good.</summary>
    public async Task RecordFailureAsync(
        DueDelivery delivery, int? statusCode, string error, int durationMs, DateTimeOffset now, DateTimeOffset? nextAttemptAt,
        int disableAfterConsecutiveFailures, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("""
            UPDATE webhook_deliveries SET status = $2, next_attempt_at = $3, last_status_code = $4, last_error = $5
            WHERE id = $1
            """,
            delivery.Id,
            nextAttemptAt is null ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending,
            (object?)nextAttemptAt ?? DBNull.Value,
            (object?)statusCode ?? DBNull.Value,
            error));
        batch.BatchCommands.Add(Command("""
            UPDATE webhook_subscriptions
            SET consecutive_failures = consecutive_failures + 1,
                enabled = enabled AND consecutive_failures + 1 < $2,
                disabled_reason = CASE WHEN enabled AND consecutive_failures + 1 >= $2
                    THEN 'disabled after ' || $2 || ' consecutive failed attempts' ELSE disabled_reason END
            WHERE id = $1
            """, delivery.SubscriptionId, disableAfterConsecutiveFailures));
        batch.BatchCommands.Add(AttemptCommand(delivery, now, statusCode, error, durationMs));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand AttemptCommand(DueDelivery delivery, DateTimeOffset now, int? statusCode, string? error, int durationMs) =>
        Command("""
            INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
            VALUES ($1, $2, $3, $4, $5, $6)
            """,
            delivery.Id, delivery.Attempt, now, (object?)statusCode ?? DBNull.Value, (object?)error ?? DBNull.Value, durationMs);

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static async Task<IReadOnlyList<WebhookSubscription>> ReadSubscriptionsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var subscriptions = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            subscriptions.Add(new WebhookSubscription
            {
                Id = reader.GetGuid(0),
                Url = reader.GetString(1),
                EventTypes = reader.GetFieldValue<string[]>(2),
                Description = reader.IsDBNull(3) ? null : reader.GetString(3),
                Enabled = reader.GetBoolean(4),
                ConsecutiveFailures = reader.GetInt32(5),
                DisabledReason = reader.IsDBNull(6) ? null : reader.GetString(6),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(7),
            });
        }

        return subscriptions;
    }
}
