using System.Text.Json;

namespace RunwareCloud.Runware;

/// <summary>What the transport needs to know about one task besides its fields.</summary>
public readonly record struct RunwareTaskSpec(string TaskType, int ExpectedResults = 1)
{
    /// <summary>Fixes the task's UUID (otherwise a new one is drawn).</summary>
    public Guid? TaskUuid { get; init; }

    /// <summary>Recorded on the task's span.</summary>
    public string? Model { get; init; }

    /// <summary>Complete with whatever arrived in the first frame that carries the task (acknowledgements, polls).</summary>
    public bool CompleteOnFirstFrame { get; init; }

    /// <summary>Overrides the per task type timeout.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Every result object that arrived for one task, in arrival order.</summary>
public sealed class RunwareTaskResult(Guid taskUuid, string taskType, IReadOnlyList<JsonElement> items)
{
    public Guid TaskUuid { get; } = taskUuid;
    public string TaskType { get; } = taskType;
    public IReadOnlyList<JsonElement> Items { get; } = items;
}

/// <summary>Writes a task's own fields (everything except <c>taskUUID</c> and <c>taskType</c>).</summary>
public delegate void RunwareTaskFieldsWriter<in TState>(Utf8JsonWriter writer, TState state);

/// <summary>Carries tasks to Runware: the WebSocket pool or the REST transport.</summary>
public interface IRunwareTransport
{
    Task<RunwareTaskResult> SendAsync<TState>(RunwareTaskSpec spec, TState state, RunwareTaskFieldsWriter<TState> writeFields,
        CancellationToken cancellationToken = default);

    /// <summary>True when the transport can carry a task now (for the WebSocket pool: at least one authenticated connection).</summary>
    bool IsReady { get; }
}
