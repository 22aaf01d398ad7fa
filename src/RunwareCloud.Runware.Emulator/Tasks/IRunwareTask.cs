namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>One task type. <see cref="Validate"/> runs before any queueing or acknowledgement; <see cref="ExecuteAsync"/> emits the results.</summary>
public interface IRunwareTask
{
    /// <summary>Canonical task type.</summary>
    string TaskType { get; }

    /// <summary>Throws <see cref="Protocol.RunwareTaskException"/> for bad parameters; returns the cost in USD.</summary>
    decimal Validate(TaskContext context);

    Task ExecuteAsync(TaskContext context);
}
