using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace RunwareCloud.Jobs;

/// <summary>
/// A job's state changes as plain SQL, from the model's table and column names: one statement per change, which EF Core's
/// ExecuteUpdate cannot return a row from nor combine with the outbox row that announces it.
/// </summary>
internal static class JobStatements<TJob> where TJob : Job
{
    private static JobTable? s_table;

    /// <summary>
    /// Queued → running, returning the row. Parameters: {0} running, {1} started at, {2} progress, {3} job id, {4} queued.
    /// </summary>
    public static string Start(DbContext db)
    {
        var table = Table(db);
        return $"UPDATE {table.Name} SET {table.Set(nameof(Job.Status), 0)}, {table.Set(nameof(Job.StartedAt), 1)}, " +
               $"{table.Set(nameof(Job.Progress), 2)} WHERE {table.Column(nameof(Job.Id))} = {{3}} AND {table.Column(nameof(Job.Status))} = {{4}} RETURNING *";
    }

    /// <summary>
    /// Sets <paramref name="changes"/> on the job when its status is one of <paramref name="fromStatuses"/> (and, when
    /// <paramref name="onlyBeforeOutputs"/>, its outputs are not recorded yet). No RETURNING clause, so the outbox can wrap it.
    /// </summary>
    public static (string Sql, object?[] Parameters) Transition(
        DbContext db, Guid jobId, string[] fromStatuses, IReadOnlyList<(string Property, object? Value)> changes, bool onlyBeforeOutputs)
    {
        var table = Table(db);
        var set = string.Join(", ", changes.Select((change, index) => table.Set(change.Property, index)));
        var sql = $"UPDATE {table.Name} SET {set} WHERE {table.Column(nameof(Job.Id))} = {{{changes.Count}}} " +
                  $"AND {table.Column(nameof(Job.Status))} = ANY ({{{changes.Count + 1}}})" +
                  (onlyBeforeOutputs ? $" AND {table.Column(nameof(Job.OutputsRecordedAt))} IS NULL" : "");
        return (sql, [.. changes.Select(change => change.Value), jobId, fromStatuses]);
    }

    /// <summary>A new job's row, every mapped column from <paramref name="job"/>. No RETURNING clause, so the outbox can wrap it.</summary>
    public static (string Sql, object?[] Parameters) Insert(DbContext db, TJob job)
    {
        var table = Table(db);
        var columns = table.Properties;
        var values = string.Join(", ", columns.Select((column, index) => table.Value(column.Name, index)));
        var sql = $"INSERT INTO {table.Name} ({string.Join(", ", columns.Select(column => table.Column(column.Name)))}) VALUES ({values})";
        return (sql, [.. columns.Select(column => column.GetGetter().GetClrValue(job))]);
    }

    /// <summary>
    /// Running (outputs recorded) → succeeded, each asset id put on the output it was stored from, in one statement: the
    /// outputs are rewritten in SQL rather than read, changed and written back. Parameters: {0} succeeded, {1} completed at,
    /// {2} progress, {3} asset ids, {4} their output indexes, {5} job id, {6} running, {7} kinds whose outputs are not files.
    /// </summary>
    public static string SucceedWithAssets(DbContext db)
    {
        var table = Table(db);
        var outputs = table.Column(nameof(Job.OutputsJson));
        return $"UPDATE {table.Name} SET {table.Set(nameof(Job.Status), 0)}, {table.Set(nameof(Job.CompletedAt), 1)}, " +
               $"{table.Set(nameof(Job.Progress), 2)}, {outputs} = (" +
               "SELECT coalesce(jsonb_agg(CASE WHEN stored.asset_id IS NULL THEN output.value " +
               "ELSE output.value || jsonb_build_object('assetId', stored.asset_id) END ORDER BY output.ordinality), '[]'::jsonb) " +
               $"FROM jsonb_array_elements({outputs}) WITH ORDINALITY AS output " +
               "LEFT JOIN LATERAL (SELECT kept.asset_id FROM unnest({3}::uuid[], {4}::integer[]) AS kept(asset_id, output_index) " +
               "WHERE kept.output_index = output.ordinality - 1 LIMIT 1) AS stored ON true) " +
               $"WHERE {table.Column(nameof(Job.Id))} = {{5}} AND {table.Column(nameof(Job.Status))} = {{6}} " +
               $"AND {table.Column(nameof(Job.OutputsRecordedAt))} IS NOT NULL AND {table.Column(nameof(Job.Kind))} <> ALL ({{7}})";
    }

    private static JobTable Table(DbContext db) => s_table ??= JobTable.Of(db);

    private sealed class JobTable(string name, IReadOnlyList<IProperty> properties, FrozenDictionary<string, (string Column, string? ColumnType)> columns)
    {
        public string Name => name;

        public IReadOnlyList<IProperty> Properties => properties;

        public string Column(string property) => columns[property].Column;

        /// <summary><c>"Column" = {index}</c>.</summary>
        public string Set(string property, int index) => $"{Column(property)} = {Value(property, index)}";

        /// <summary><c>{index}</c>, cast when the column's type is not what Npgsql sends for the value (jsonb).</summary>
        public string Value(string property, int index) => columns[property].ColumnType == "jsonb" ? $"{{{index}}}::jsonb" : $"{{{index}}}";

        public static JobTable Of(DbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(TJob))
                ?? throw new InvalidOperationException($"{db.GetType().Name} does not map {typeof(TJob).Name}.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var properties = entity.GetProperties().ToList();
            var columns = properties.ToFrozenDictionary(
                property => property.Name, property => (SqlNames.Quote(property.GetColumnName(table)!), (string?)property.GetColumnType(table)));
            return new JobTable(entity.QuotedTableName(), properties, columns);
        }
    }
}
