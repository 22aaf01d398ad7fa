using System.Text;
using System.Threading.Channels;
using RunwareCloud.Notifications.Api.Notifications;

namespace RunwareCloud.Notifications.Api.Streaming;

/// <summary>
/// One Server-Sent Events connection. It registers for live notifications before reading the log, so that nothing logged
/// meanwhile is missed, and it writes only ids greater than the last one written, so that nothing is written twice.
/// A reader too slow for its buffer is switched to re-reading the log from its last id instead of being dropped.
/// Heartbeats come from <see cref="StreamHeartbeats"/>, so a wake-up costs no timer of its own.
/// </summary>
public sealed class NotificationStream : ILiveListener
{
    private const int PageSize = 200;
    private static readonly byte[] s_heartbeat = ": heartbeat\n\n"u8.ToArray();

    private readonly Channel<NotificationFrame?> _live;
    private readonly INotificationLog _log;
    private readonly Stream _body;
    private readonly TimeSpan _heartbeatInterval;
    private StreamId _last;
    private int _catchUpRequested;
    private int _heartbeatRequested;
    private long _lastWrite = Environment.TickCount64;

    public NotificationStream(Guid userId, INotificationLog log, Stream body, NotificationsOptions options)
    {
        UserId = userId;
        _log = log;
        _body = body;
        _heartbeatInterval = options.HeartbeatInterval;
        _live = Channel.CreateBounded<NotificationFrame?>(new BoundedChannelOptions(options.ConnectionBufferSize)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
    }

    public Guid UserId { get; }

    public void Deliver(NotificationFrame frame)
    {
        if (!_live.Writer.TryWrite(frame))
        {
            CatchUp();
        }
    }

    public void CatchUp()
    {
        Volatile.Write(ref _catchUpRequested, 1);
        _live.Writer.TryWrite(null);
    }

    public void HeartbeatIfIdle(long now)
    {
        if (now - Volatile.Read(ref _lastWrite) >= (long)_heartbeatInterval.TotalMilliseconds)
        {
            Volatile.Write(ref _heartbeatRequested, 1);
            _live.Writer.TryWrite(null);
        }
    }

    /// <summary>
    /// Writes the preamble, then everything logged after <paramref name="start"/>, then live notifications until the client
    /// leaves. Call it only after registering this stream with <see cref="LiveSubscribers"/>.
    /// </summary>
    public async Task RunAsync(StreamId start, CancellationToken cancellationToken)
    {
        _last = start;
        await _body.WriteAsync(Encoding.UTF8.GetBytes($"retry: 2000\n: connected {_last}\n\n"), cancellationToken);
        await _body.FlushAsync(cancellationToken);

        await ReadLogAsync(cancellationToken);

        var reader = _live.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            var wrote = false;
            while (reader.TryRead(out var frame))
            {
                if (Interlocked.Exchange(ref _catchUpRequested, 0) == 1)
                {
                    await ReadLogAsync(cancellationToken);
                }

                if (frame is not null && frame.Id > _last)
                {
                    await _body.WriteAsync(frame.Sse, cancellationToken);
                    _last = frame.Id;
                    wrote = true;
                }
            }

            if (Interlocked.Exchange(ref _heartbeatRequested, 0) == 1 && !wrote)
            {
                await _body.WriteAsync(s_heartbeat, cancellationToken);
            }

            await _body.FlushAsync(cancellationToken);
            Volatile.Write(ref _lastWrite, Environment.TickCount64);
        }
    }

    private async Task ReadLogAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await _log.ReadAfterAsync(UserId, _last, PageSize, cancellationToken);
            foreach (var notification in page)
            {
                var frame = NotificationFrame.Create(notification);
                await _body.WriteAsync(frame.Sse, cancellationToken);
                _last = frame.Id;
            }

            await _body.FlushAsync(cancellationToken);
            Volatile.Write(ref _lastWrite, Environment.TickCount64);
            if (page.Count < PageSize)
            {
                return;
            }
        }
    }
}
