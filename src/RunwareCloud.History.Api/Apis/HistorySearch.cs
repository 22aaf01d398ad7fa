using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Apis;

public sealed record HistoryFilter
{
    public Guid? OwnerId { get; init; }
    public string? Query { get; init; }
    public string? Kind { get; init; }
    public string? Model { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public bool? Favorite { get; init; }
    public string? Tag { get; init; }
    public HistoryCursor? Cursor { get; init; }
    public int Limit { get; init; } = 20;
}

/// <summary>
/// Full-text search and filtered listing over assets. With a query, entries that match rank by <c>ts_rank</c> (prompt words
/// above negative-prompt words), then newest first; without one, newest first. Pages continue from an opaque keyset cursor.
/// </summary>
public sealed class HistorySearch(HistoryDbContext db)
{
    private const string Columns =
        "a.id, a.owner_id, a.job_id, a.kind, a.prompt, a.negative_prompt, a.model, a.seed, a.width, a.height, a.steps, a.cost, " +
        "a.format, a.content_type, a.size, a.checksum, a.has_thumbnail, a.text, a.favorite, a.tags, a.created_at";

    private const string Rank = "ts_rank(a.search_vector, query)";

    public async Task<HistoryPage> SearchAsync(HistoryFilter filter, CancellationToken cancellationToken)
    {
        var ranked = !string.IsNullOrWhiteSpace(filter.Query);
        var sql = new StringBuilder();
        await using var command = new NpgsqlCommand();

        sql.Append("SELECT ").Append(Columns).Append(ranked ? $", {Rank} AS rank" : ", NULL::real AS rank");
        // A tag is common across all users but one user's entries are few: walking them newest first through the owner index
        // stops after one page, where intersecting with the tag's GIN posting list reads every user's tagged rows. The
        // function form of @> keeps the planner off the GIN index for owner-scoped queries; admins use the operator.
        var hasTag = filter.OwnerId is not null ? "arraycontains(a.tags, @tags)" : "a.tags @> @tags";
        sql.Append(ranked ? " FROM assets a, websearch_to_tsquery('english', @q) AS query WHERE a.search_vector @@ query" : " FROM assets a WHERE TRUE");
        if (ranked)
        {
            command.Parameters.AddWithValue("q", filter.Query!.Trim());
        }

        Where(sql, command, filter.OwnerId, "a.owner_id = @owner", "owner");
        Where(sql, command, filter.Kind, "a.kind = @kind", "kind");
        Where(sql, command, filter.Model, "a.model = @model", "model");
        Where(sql, command, filter.From?.ToUniversalTime(), "a.created_at >= @from", "from");
        Where(sql, command, filter.To?.ToUniversalTime(), "a.created_at < @to", "to");
        Where(sql, command, filter.Favorite, "a.favorite = @favorite", "favorite");
        Where(sql, command, filter.Tag is null ? null : new[] { filter.Tag }, hasTag, "tags");

        if (filter.Cursor is { } cursor)
        {
            command.Parameters.AddWithValue("c_created", cursor.CreatedAt);
            command.Parameters.AddWithValue("c_id", cursor.Id);
            if (ranked)
            {
                command.Parameters.Add(new NpgsqlParameter("c_rank", NpgsqlDbType.Real) { Value = cursor.Rank ?? 0f });
                sql.Append($" AND ({Rank} < @c_rank OR ({Rank} = @c_rank AND (a.created_at, a.id) < (@c_created, @c_id)))");
            }
            else
            {
                sql.Append(" AND (a.created_at, a.id) < (@c_created, @c_id)");
            }
        }

        sql.Append(ranked ? " ORDER BY rank DESC, a.created_at DESC, a.id DESC" : " ORDER BY a.created_at DESC, a.id DESC");
        sql.Append(" LIMIT @limit");
        command.Parameters.AddWithValue("limit", filter.Limit + 1);
        command.CommandText = sql.ToString();

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            command.Connection = connection;
            var items = new List<(HistoryEntry Entry, float? Rank)>(filter.Limit + 1);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add((Read(reader), reader.IsDBNull(21) ? null : reader.GetFloat(21)));
                }
            }

            string? next = null;
            if (items.Count > filter.Limit)
            {
                items.RemoveAt(items.Count - 1);
                var (last, rank) = items[^1];
                next = HistoryCursor.From(last.CreatedAt, last.Id, ranked ? rank ?? 0f : null).Encode();
            }

            return new HistoryPage(items.Select(i => i.Entry).ToList(), next);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Where<T>(StringBuilder sql, NpgsqlCommand command, T? value, string condition, string parameter)
    {
        if (value is null)
        {
            return;
        }

        sql.Append(" AND ").Append(condition);
        command.Parameters.AddWithValue(parameter, value);
    }

    private static HistoryEntry Read(NpgsqlDataReader reader)
    {
        var id = reader.GetGuid(0);
        var hasThumbnail = reader.GetBoolean(16);
        return new HistoryEntry
        {
            Id = id,
            UserId = reader.GetGuid(1),
            Url = HistoryEntry.UrlOf(id),
            ThumbnailUrl = hasThumbnail ? $"{HistoryEntry.UrlOf(id)}?size=thumb" : null,
            JobId = reader.IsDBNull(2) ? null : reader.GetGuid(2),
            Kind = reader.GetString(3),
            Prompt = reader.IsDBNull(4) ? null : reader.GetString(4),
            NegativePrompt = reader.IsDBNull(5) ? null : reader.GetString(5),
            Model = reader.IsDBNull(6) ? null : reader.GetString(6),
            Seed = reader.IsDBNull(7) ? null : reader.GetInt64(7),
            Width = reader.IsDBNull(8) ? null : reader.GetInt32(8),
            Height = reader.IsDBNull(9) ? null : reader.GetInt32(9),
            Steps = reader.IsDBNull(10) ? null : reader.GetInt32(10),
            Cost = reader.IsDBNull(11) ? null : reader.GetDecimal(11),
            Format = reader.GetString(12),
            ContentType = reader.GetString(13),
            Size = reader.GetInt64(14),
            Checksum = reader.GetString(15),
            Text = reader.IsDBNull(17) ? null : reader.GetString(17),
            Favorite = reader.GetBoolean(18),
            Tags = reader.GetFieldValue<string[]>(19),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(20),
        };
    }
}
