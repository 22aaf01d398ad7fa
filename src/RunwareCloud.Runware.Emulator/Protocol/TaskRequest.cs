using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunwareCloud.Runware.Emulator.Protocol;

/// <summary>A task object with typed, validating accessors that throw Runware errors naming the parameter.</summary>
public sealed class TaskRequest(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string TaskType => GetString("taskType") ?? "";

    public string TaskUuid => GetString("taskUUID") ?? "";

    public JsonNode? this[string name] => Json[name];

    public bool Has(string name) => Json[name] is not null;

    public string? GetString(string name) =>
        Json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public string? GetString(string name, string code)
    {
        var node = Json[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        throw Invalid(code, $"'{name}' must be a string.", name, "string");
    }

    public string RequireString(string name, string code, int minLength = 1, int maxLength = int.MaxValue)
    {
        var value = GetString(name, code);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid(code, $"'{name}' is required and must be a non-empty string.", name, "string");
        }

        if (value.Length < minLength || value.Length > maxLength)
        {
            throw Invalid(code, $"'{name}' must be between {minLength} and {maxLength} characters long.", name, "string", minLength, maxLength);
        }

        return value;
    }

    public long GetInteger(string name, string code, long min, long max, long defaultValue, long multipleOf = 1)
    {
        var node = Json[name];
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            throw Invalid(code, $"'{name}' must be an integer.", name, "integer", min, max);
        }

        long result;
        if (!value.TryGetValue(out result))
        {
            if (!value.TryGetValue(out double d) || d != Math.Floor(d) || d < long.MinValue || d > long.MaxValue)
            {
                throw Invalid(code, $"'{name}' must be an integer.", name, "integer", min, max);
            }

            result = (long)d;
        }

        if (result < min || result > max)
        {
            throw Invalid(code, $"'{name}' must be between {min} and {max}.", name, "integer", min, max);
        }

        if (result % multipleOf != 0)
        {
            throw Invalid(code, $"'{name}' must be a multiple of {multipleOf}.", name, "integer", min, max);
        }

        return result;
    }

    public double GetNumber(string name, string code, double min, double max, double defaultValue)
    {
        var node = Json[name];
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out double result))
        {
            throw Invalid(code, $"'{name}' must be a number.", name, "number", min, max);
        }

        if (double.IsNaN(result) || result < min || result > max)
        {
            throw Invalid(code, $"'{name}' must be between {min} and {max}.", name, "number", min, max);
        }

        return result;
    }

    public bool GetBoolean(string name) =>
        Json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static RunwareTaskException Invalid(string code, string message, string parameter, string? type = null, double? min = null, double? max = null) =>
        new(new RunwareError { Code = code, Message = message, Parameter = parameter, Type = type, Min = min, Max = max });
}
