using System.Text.Json.Nodes;
using RunwareCloud.Runware.Emulator.Protocol;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>What a handler needs to run one task and emit its result items.</summary>
public sealed class TaskContext
{
    public required TaskRequest Request { get; init; }

    public required string ApiKey { get; init; }

    /// <summary>Scheme and host for media URLs, e.g. http://127.0.0.1:5110.</summary>
    public required string BaseUrl { get; init; }

    public required Func<JsonObject, ValueTask> Emit { get; init; }

    public required CancellationToken CancellationToken { get; init; }

    public Action<int>? ReportProgress { get; init; }

    public string TaskType => Request.TaskType;

    public string TaskUuid => Request.TaskUuid;

    public bool IncludeCost => Request.GetBoolean("includeCost");

    /// <summary>A result item carrying taskType and taskUUID, ready for fields.</summary>
    public JsonObject NewItem() => new() { ["taskType"] = TaskType, ["taskUUID"] = TaskUuid };

    public void AddCost(JsonObject item, decimal cost)
    {
        if (IncludeCost)
        {
            item["cost"] = (double)Math.Round(cost, 6);
        }
    }
}
