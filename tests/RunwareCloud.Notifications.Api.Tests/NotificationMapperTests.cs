using RunwareCloud.Contracts.History;
using RunwareCloud.Notifications.Api.Notifications;
using RunwareCloud.Notifications.Api.Tests.Support;

namespace RunwareCloud.Notifications.Api.Tests;

public sealed class NotificationMapperTests
{
    [Fact]
    public void Map_turns_AssetsStored_into_job_succeeded_with_gateway_asset_urls()
    {
        var (userId, jobId, assetId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var notification = NotificationMapper.Map(TestEvents.Stored(userId, jobId, assetId));

        Assert.Equal(NotificationTypes.JobSucceeded, notification.Type);
        Assert.Equal(jobId, notification.JobId);
        Assert.Equal($"/api/assets/{assetId}", notification.Data.GetProperty("assets")[0].GetProperty("url").GetString());
    }

    [Fact]
    public void Map_turns_AssetsStored_into_job_failed_when_no_output_could_be_stored()
    {
        var message = new AssetsStored
        {
            JobId = Guid.NewGuid(), UserId = Guid.NewGuid(), CorrelationId = Guid.NewGuid(), AssetIds = [],
            FailedOutputs = ["download timed out"], StoredAt = DateTimeOffset.UtcNow,
        };

        var notification = NotificationMapper.Map(message);

        Assert.Equal(NotificationTypes.JobFailed, notification.Type);
        Assert.Equal("storage_failed", notification.Data.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public void Map_turns_GenerationSucceeded_into_job_outputs_with_runware_urls()
    {
        var notification = NotificationMapper.Map(TestEvents.Succeeded(Guid.NewGuid(), Guid.NewGuid()));

        Assert.Equal(NotificationTypes.JobOutputs, notification.Type);
        Assert.Equal("http://runware.test/image/1.png", notification.Data.GetProperty("outputs")[0].GetProperty("runwareUrl").GetString());
    }

    [Theory]
    [InlineData("job.*", "job.failed", true)]
    [InlineData("order.*", "job.failed", false)]
    [InlineData("*", "order.completed", true)]
    [InlineData("job.failed", "job.failed", true)]
    [InlineData("job.failed", "job.queued", false)]
    public void Matches_applies_exact_family_and_wildcard_filters(string filter, string type, bool expected)
    {
        Assert.Equal(expected, NotificationTypes.Matches([filter], type));
    }
}

public sealed class StreamIdTests
{
    [Fact]
    public void StreamIds_compare_by_milliseconds_then_sequence()
    {
        Assert.True(StreamId.Parse("1700000000000-2") < StreamId.Parse("1700000000000-10"));
        Assert.True(StreamId.Parse("1700000000001-0") > StreamId.Parse("1700000000000-99"));
        Assert.Equal("5-0", StreamId.Parse("5").ToString());
        Assert.False(StreamId.TryParse("abc-1", out _));
        Assert.False(StreamId.TryParse("-1", out _));
    }
}
