using System.Text.Json.Nodes;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>Where a task's answers go: a socket (one frame per call) or a REST response body.</summary>
public interface ITaskOutput
{
    /// <summary>Sends the items together, in one <c>data</c> frame.</summary>
    ValueTask SendResultsAsync(IReadOnlyList<JsonObject> items);

    /// <summary>Sends one <c>errors</c> entry, alone in its frame.</summary>
    ValueTask SendErrorAsync(JsonObject error);
}
