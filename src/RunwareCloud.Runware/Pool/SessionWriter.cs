using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace RunwareCloud.Runware.Pool;

/// <summary>
/// The sending half of one WebSocket session. Whoever finds the socket idle sends, on its own thread, every task queued
/// so far as one frame: a lone caller pays no hand-off to a writer thread, and callers that arrive while a frame is on the
/// wire are batched into the next one.
/// </summary>
internal sealed class SessionWriter(RunwareConnection connection, ClientWebSocket socket, int maxTasksPerFrame, CancellationToken cancellationToken)
{
    // Frames stop at a byte budget too, so a few large uploads do not make one huge frame.
    private const int FrameBudget = 256 * 1024;
    private static readonly byte[] s_pingFrame = """[{"taskType":"ping","ping":true}]"""u8.ToArray();

    private readonly ConcurrentQueue<PendingTask?> _queue = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ArrayBufferWriter<byte> _frame = new(16 * 1024);
    private PendingTask? _carried;
    private int _writing;
    private volatile bool _closed;

    /// <summary>Completes when the writer is closed, faulted with the send error when a send fails.</summary>
    public Task Ended => _ended.Task;

    public bool TryEnqueue(PendingTask pending) => TryEnqueueCore(pending);

    public bool TryEnqueuePing() => TryEnqueueCore(null);

    public void Close()
    {
        _closed = true;
        _ended.TrySetResult();
    }

    private bool TryEnqueueCore(PendingTask? pending)
    {
        if (_closed)
        {
            return false;
        }

        // A task enqueued just as the session closes stays behind here; it is assigned to this connection, so the
        // drop handler that runs after the close sends it elsewhere.
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            _ = FlushAsync();
        }

        return true;
    }

    private async Task FlushAsync()
    {
        try
        {
            while (true)
            {
                while (!_closed && TakeFrame(out var ping) is var count && (count > 0 || ping))
                {
                    if (count > 0)
                    {
                        await SendFrameAsync().ConfigureAwait(false);
                    }

                    if (ping)
                    {
                        await socket.SendAsync(s_pingFrame, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                    }
                }

                Volatile.Write(ref _writing, 0);
                // Someone may have enqueued after the last take and seen the flag still held: look once more.
                if (_closed || _queue.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            _closed = true;
            _ended.TrySetException(exception);
        }
    }

    /// <summary>
    /// Sends the taken frame. The socket blocks (<see cref="BlockingSocketStream"/>): a small frame fits the kernel's buffer
    /// and leaves at once on this thread, a large one (an upload) may take the link's time, so it gets a thread of its own
    /// rather than holding a thread-pool worker.
    /// </summary>
    private Task SendFrameAsync()
    {
        if (_frame.WrittenCount <= FrameBudget)
        {
            return socket.SendAsync(_frame.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken).AsTask();
        }

        return Task.Factory.StartNew(
            () => socket.SendAsync(_frame.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken).AsTask().GetAwaiter().GetResult(),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private int TakeFrame(out bool ping)
    {
        _frame.ResetWrittenCount();
        var count = 0;
        ping = false;
        while (count < maxTasksPerFrame && TakeNext(out var pending))
        {
            if (pending is null)
            {
                ping = true;
                continue;
            }

            if (pending.IsFinished || pending.Connection != connection)
            {
                continue;
            }

            var payload = pending.Payload;
            if (count > 0 && _frame.WrittenCount + payload.Length > FrameBudget)
            {
                _carried = pending;
                break;
            }

            var span = _frame.GetSpan(payload.Length + 2);
            span[0] = count == 0 ? (byte)'[' : (byte)',';
            payload.CopyTo(span[1..]);
            _frame.Advance(payload.Length + 1);
            pending.Sent = true;
            count++;
        }

        if (count > 0)
        {
            _frame.GetSpan(1)[0] = (byte)']';
            _frame.Advance(1);
        }

        return count;
    }

    private bool TakeNext(out PendingTask? pending)
    {
        if (_carried is not null)
        {
            pending = _carried;
            _carried = null;
            return true;
        }

        return _queue.TryDequeue(out pending);
    }
}
