using System.Text;
using System.Text.Json;
using RunwareCloud.Notifications.Api.Notifications;
using RunwareCloud.Notifications.Api.Tests.Support;

namespace RunwareCloud.Notifications.Api.Tests;

public sealed class NotificationFrameTests
{
    [Fact]
    public void Frame_from_an_announcement_has_the_same_bytes_as_the_frame_of_the_parsed_notification()
    {
        var (userId, jobId) = (Guid.NewGuid(), Guid.NewGuid());
        var notification = NotificationMapper.Map(TestEvents.Succeeded(userId, jobId)) with { Id = "1732238400000-3" };
        var json = JsonSerializer.SerializeToUtf8Bytes(notification with { Id = null }, NotificationJson.Options);
        byte[] payload = [.. Encoding.UTF8.GetBytes(notification.Id + Announcement.Header(notification)), .. json];

        Assert.True(Announcement.TryParse(payload, out var announcement));
        var frame = NotificationFrame.Create(announcement);

        Assert.Equal(Encoding.UTF8.GetString(NotificationFrame.Create(notification).Sse.Span), Encoding.UTF8.GetString(frame.Sse.Span));
        Assert.Equal(userId, frame.UserId);
        Assert.Equal(StreamId.Parse("1732238400000-3"), frame.Id);
        Assert.Equal(jobId, announcement.ToNotification().JobId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1-0")]
    [InlineData("1-0 not-a-guid job.queued {}")]
    [InlineData("1-0 0123456789abcdef0123456789abcdef")]
    public void Announcement_is_refused_when_its_header_is_incomplete(string payload)
    {
        Assert.False(Announcement.TryParse(Encoding.UTF8.GetBytes(payload), out _));
    }
}
