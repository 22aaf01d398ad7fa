using Npgsql;

namespace RunwareCloud.Notifications.Api.Webhooks;

/// <summary>
/// Creates the webhook tables at start. The schema is small and additive, so an idempotent script under an advisory lock
/// (instances starting together take turns) stands in for EF migrations here.
/// </summary>
public sealed class WebhookSchema(NpgsqlDataSource dataSource) : IHostedService
{
    private const long LockKey = 0x5275_6E77_4E6F_7431;

    private const string Script = """
        CREATE TABLE IF NOT EXISTS webhook_subscriptions (
            id uuid PRIMARY KEY,
            user_id uuid NOT NULL,
            url text NOT NULL,
            secret text NOT NULL,
            event_types text[] NOT NULL,
            description text NULL,
            enabled boolean NOT NULL DEFAULT true,
            consecutive_failures integer NOT NULL DEFAULT 0,
            disabled_reason text NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_webhook_subscriptions_user_id ON webhook_subscriptions (user_id);

        CREATE TABLE IF NOT EXISTS webhook_deliveries (
            id uuid PRIMARY KEY,
            subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
            message_id text NOT NULL,
            event_type text NOT NULL,
            payload text NOT NULL,
            status text NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz NULL,
            retry_until timestamptz NOT NULL,
            created_at timestamptz NOT NULL,
            last_attempt_at timestamptz NULL,
            last_status_code integer NULL,
            last_error text NULL,
            delivered_at timestamptz NULL,
            CONSTRAINT ux_webhook_deliveries_message UNIQUE (subscription_id, message_id)
        );
        CREATE INDEX IF NOT EXISTS ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
        CREATE INDEX IF NOT EXISTS ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at DESC);

        CREATE TABLE IF NOT EXISTS webhook_attempts (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
            attempt integer NOT NULL,
            attempted_at timestamptz NOT NULL,
            status_code integer NULL,
            error text NULL,
            duration_ms integer NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var acquire = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction))
        {
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(Script, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
