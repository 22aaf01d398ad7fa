using Microsoft.Extensions.Options;
using RunwareCloud.Notifications.Api.Notifications;

namespace RunwareCloud.Notifications.Api.Streaming;

/// <summary>
/// Keeps idle streams open through proxies that close silent connections: a few times per heartbeat interval, every
/// stream that wrote nothing for an interval writes a comment line. One sweep replaces a timer per connection, and
/// streams go idle at different moments, so their heartbeats spread out instead of arriving together.
/// </summary>
public sealed class StreamHeartbeats(LiveSubscribers subscribers, IOptions<NotificationsOptions> options) : BackgroundService
{
    private const int SweepsPerInterval = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval / SweepsPerInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                subscribers.HeartbeatIdle(Environment.TickCount64);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
