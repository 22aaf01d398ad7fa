using System.Text.Json.Nodes;
using RunwareCloud.Runware.Emulator.Tasks;

namespace RunwareCloud.Runware.Emulator.Hosting;

/// <summary>Collects every result and error of one REST request into one body.</summary>
public sealed class RestOutput : ITaskOutput
{
    private readonly Lock _lock = new();

    public List<JsonObject> Data { get; } = [];

    public List<JsonObject> Errors { get; } = [];

    public ValueTask SendResultsAsync(IReadOnlyList<JsonObject> items)
    {
        lock (_lock)
        {
            Data.AddRange(items);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask SendErrorAsync(JsonObject error)
    {
        lock (_lock)
        {
            Errors.Add(error);
        }

        return ValueTask.CompletedTask;
    }

    public JsonObject ToBody()
    {
        lock (_lock)
        {
            var body = new JsonObject();
            if (Data.Count > 0 || Errors.Count == 0)
            {
                body["data"] = new JsonArray(Data.Select(d => (JsonNode?)d).ToArray());
            }

            if (Errors.Count > 0)
            {
                body["errors"] = new JsonArray(Errors.Select(e => (JsonNode?)e).ToArray());
            }

            return body;
        }
    }
}
