using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using RunwareCloud.Redis;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>
/// Every instance subscribes to the live channel, so any instance can serve any user: each logged notification reaches
/// the stream and hub connections of its user wherever they are. The subscription starts before the server listens.
/// </summary>
public sealed partial class NotificationFanout(
    IRedisClient redis, LiveNotifications live, IOptions<NotificationsOptions> options, ILogger<NotificationFanout> logger) : BackgroundService
{
    private const byte ProbeMarker = (byte)'~';

    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private IAsyncDisposable? _subscription;
    private long _probeSent;
    private long _probeSeen;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = await redis.SubscribeAsync(options.Value.Channel, message => _received.Writer.TryWrite(message.Payload), cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        _received.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var probing = ProbeAsync(stoppingToken);
        try
        {
            await foreach (var payload in _received.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (payload.Length > 0 && payload[0] == ProbeMarker)
                    {
                        OnProbe(payload);
                        continue;
                    }

                    if (!Announcement.TryParse(payload, out var announcement))
                    {
                        throw new InvalidDataException("An announcement on the live channel has no id, user and type header.");
                    }

                    await live.PublishAsync(announcement, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogAnnouncementFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await probing;
    }

    private async Task ProbeAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LivenessProbeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var sequence = Interlocked.Increment(ref _probeSent);
                try
                {
                    await redis.PublishAsync(options.Value.Channel, $"~{_instance} {sequence.ToString(CultureInfo.InvariantCulture)}", stoppingToken);
                }
                catch (RedisException exception)
                {
                    LogProbeFailed(logger, exception.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnProbe(byte[] payload)
    {
        var text = Encoding.ASCII.GetString(payload, 1, payload.Length - 1);
        var parts = text.Split(' ');
        if (parts.Length != 2 || parts[0] != _instance || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var sequence))
        {
            return;
        }

        var previous = Interlocked.Exchange(ref _probeSeen, sequence);
        if (sequence != previous + 1)
        {
            LogCatchingUp(logger, previous, sequence);
            live.CatchUpAll();
        }
    }

    [LoggerMessage(LogLevel.Error, "A live notification could not be delivered on this instance")]
    private static partial void LogAnnouncementFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Could not publish the live-channel probe: {Error}")]
    private static partial void LogProbeFailed(ILogger logger, string error);

    [LoggerMessage(LogLevel.Warning, "Live-channel probes {Previous}..{Current} went missing; every stream re-reads its log")]
    private static partial void LogCatchingUp(ILogger logger, long previous, long current);
}
