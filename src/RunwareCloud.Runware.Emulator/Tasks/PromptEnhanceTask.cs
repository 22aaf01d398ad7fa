using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Protocol;
using RunwareCloud.Runware.Emulator.Synthesis;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>promptEnhance: promptVersions items, each a different enriched prompt of at most promptMaxLength characters.</summary>
public sealed class PromptEnhanceTask(LatencyModel latency) : IRunwareTask
{
    private const decimal CostPerVersion = 0.0001m;

    public string TaskType => TaskTypes.PromptEnhance;

    public decimal Validate(TaskContext context) => Parse(context.Request).Versions * CostPerVersion;

    public async Task ExecuteAsync(TaskContext context)
    {
        var (prompt, versions, maxLength) = Parse(context.Request);
        await latency.DelayAsync(TaskType, 0, 0, context.CancellationToken);
        foreach (var text in PromptEnhancer.Enhance(prompt, versions, maxLength))
        {
            var item = context.NewItem();
            item["text"] = text;
            context.AddCost(item, CostPerVersion);
            await context.Emit(item);
        }
    }

    private static (string Prompt, int Versions, int MaxLength) Parse(TaskRequest request) => (
        request.RequireString("prompt", RunwareErrorCodes.InvalidPrompt, 1, 300),
        (int)request.GetInteger("promptVersions", RunwareErrorCodes.InvalidPromptVersions, 1, 5, 1),
        (int)request.GetInteger("promptMaxLength", RunwareErrorCodes.InvalidPromptMaxLength, 4, 400, 380));
}
