using Microsoft.EntityFrameworkCore.Metadata;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Table and column names from the EF Core model, quoted for SQL written by hand.</summary>
public static class SqlNames
{
    /// <summary>The entity's table, quoted, with its schema when it has one.</summary>
    public static string QuotedTableName(this IReadOnlyEntityType entity)
    {
        var table = Quote(entity.GetTableName()!);
        return entity.GetSchema() is { } schema ? $"{Quote(schema)}.{table}" : table;
    }

    /// <summary>An identifier in double quotes (a quote inside it doubled).</summary>
    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
