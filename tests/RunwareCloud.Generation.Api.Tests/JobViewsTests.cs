using RunwareCloud.Jobs;

namespace RunwareCloud.Generation.Api.Tests;

public sealed class JobViewsTests
{
    private static readonly string s_threeOutputs = JobViews.WriteOutputs(
    [
        new StoredOutput { RunwareUrl = "https://im.runware.ai/0.png", Seed = 10 },
        new StoredOutput { RunwareUrl = "https://im.runware.ai/1.png", Seed = 11 },
        new StoredOutput { RunwareUrl = "https://im.runware.ai/2.png", Seed = 12 },
    ]);

    [Fact]
    public void Assets_attach_to_the_outputs_they_keep_when_one_in_between_was_not_kept()
    {
        Guid first = Guid.NewGuid(), third = Guid.NewGuid();

        var outputs = JobViews.ReadOutputs(JobViews.AttachAssets(s_threeOutputs, [first, third], [0, 2]));

        Assert.Equal([first, null, third], outputs.Select(output => output.AssetId));
        Assert.Equal([10L, 11L, 12L], outputs.Select(output => output.Seed!.Value));
    }

    [Fact]
    public void Without_output_indexes_asset_ids_follow_the_outputs_in_order()
    {
        Guid first = Guid.NewGuid(), second = Guid.NewGuid();

        var outputs = JobViews.ReadOutputs(JobViews.AttachAssets(s_threeOutputs, [first, second]));

        Assert.Equal([first, second, null], outputs.Select(output => output.AssetId));
    }
}
