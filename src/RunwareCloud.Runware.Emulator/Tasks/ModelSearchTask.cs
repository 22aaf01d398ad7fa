using System.Text.Json.Nodes;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Catalog;
using RunwareCloud.Runware.Emulator.Protocol;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>modelSearch over the built-in catalogue: text, category, architecture, type, limit/offset.</summary>
public sealed class ModelSearchTask(LatencyModel latency) : IRunwareTask
{
    public string TaskType => TaskTypes.ModelSearch;

    public decimal Validate(TaskContext context)
    {
        Parse(context.Request);
        return 0;
    }

    public async Task ExecuteAsync(TaskContext context)
    {
        var (limit, offset) = Parse(context.Request);
        var request = context.Request;
        await latency.DelayAsync(TaskType, 0, 0, context.CancellationToken);
        var matches = ModelCatalog.Search(request.GetString("search"), request.GetString("category"), request.GetString("architecture"), request.GetString("type")).ToList();
        var item = context.NewItem();
        item["totalResults"] = matches.Count;
        item["results"] = new JsonArray(matches.Skip(offset).Take(limit).Select(m => (JsonNode?)m.ToJson()).ToArray());
        await context.Emit(item);
    }

    private static (int Limit, int Offset) Parse(TaskRequest request) => (
        (int)request.GetInteger("limit", RunwareErrorCodes.InvalidLimit, 1, 100, 20),
        (int)request.GetInteger("offset", RunwareErrorCodes.InvalidOffset, 0, 10_000, 0));
}
