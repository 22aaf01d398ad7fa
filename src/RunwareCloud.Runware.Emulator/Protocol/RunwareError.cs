using System.Text.Json.Nodes;

namespace RunwareCloud.Runware.Emulator.Protocol;

/// <summary>One entry of an <c>errors</c> array.</summary>
public sealed record RunwareError
{
    public required string Code { get; init; }

    public required string Message { get; init; }

    public string? Parameter { get; init; }

    public string? Type { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public static RunwareError Create(string code, string message, string? parameter = null) =>
        new() { Code = code, Message = message, Parameter = parameter };

    /// <summary>The wire shape; <paramref name="taskUuid"/> is omitted for authentication errors.</summary>
    public JsonObject ToJson(string? taskType, string? taskUuid)
    {
        var json = new JsonObject { ["code"] = Code, ["message"] = Message };
        if (Parameter is not null)
        {
            json["parameter"] = Parameter;
        }

        if (Type is not null)
        {
            json["type"] = Type;
        }

        if (Min is not null)
        {
            json["min"] = Min;
        }

        if (Max is not null)
        {
            json["max"] = Max;
        }

        if (taskType is not null)
        {
            json["taskType"] = taskType;
        }

        if (taskUuid is not null)
        {
            json["taskUUID"] = taskUuid;
        }

        json["documentation"] = "https://runware.ai/docs/en/platform/errors";
        return json;
    }
}

/// <summary>Thrown by task handlers to answer a task with an error.</summary>
public sealed class RunwareTaskException(RunwareError error) : Exception(error.Message)
{
    public RunwareError Error { get; } = error;
}
