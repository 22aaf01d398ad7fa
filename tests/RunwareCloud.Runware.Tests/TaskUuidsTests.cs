using RunwareCloud.Runware.Pool;

namespace RunwareCloud.Runware.Tests;

public sealed class TaskUuidsTests
{
    [Fact]
    public void Task_uuids_are_distinct_random_version_4_uuids_across_refills()
    {
        var uuids = Enumerable.Range(0, 1000).Select(_ => TaskUuids.Next()).ToList();

        Assert.Equal(uuids.Count, uuids.Distinct().Count());
        Assert.All(uuids, uuid =>
        {
            var text = uuid.ToString("D");
            Assert.Equal('4', text[14]);
            Assert.Contains(text[19], "89ab");
        });
    }

    [Fact]
    public async Task Threads_draw_from_their_own_blocks_without_collisions()
    {
        var perThread = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(
            () => Enumerable.Range(0, 600).Select(_ => TaskUuids.Next()).ToList(), TaskCreationOptions.LongRunning)));

        var all = perThread.SelectMany(list => list).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}
