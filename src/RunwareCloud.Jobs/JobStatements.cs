using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace RunwareCloud.Jobs;

/// <summary>
/// SQL that EF Core cannot express for a job table, written once per job type from the model's table and column names.
/// </summary>
internal static class JobStatements<TJob> where TJob : Job
{
    private static string? s_start;

    /// <summary>
    /// Queued → running, returning the row (ExecuteUpdate cannot return it). Parameters: {0} running, {1} started at,
    /// {2} progress, {3} job id, {4} queued.
    /// </summary>
    public static string Start(DbContext db) => s_start ??= WriteStart(db);

    private static string WriteStart(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(TJob))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map {typeof(TJob).Name}.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => Quote(entity.FindProperty(property)!.GetColumnName(table)!);
        var tableName = table.Schema is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        return $"UPDATE {tableName} SET {Column(nameof(Job.Status))} = {{0}}, {Column(nameof(Job.StartedAt))} = {{1}}, " +
               $"{Column(nameof(Job.Progress))} = {{2}} WHERE {Column(nameof(Job.Id))} = {{3}} AND {Column(nameof(Job.Status))} = {{4}} RETURNING *";
    }

    private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
