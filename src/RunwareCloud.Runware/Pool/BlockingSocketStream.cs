using System.Net.Sockets;

namespace RunwareCloud.Runware.Pool;

/// <summary>
/// The byte stream under a pooled WebSocket: a TCP socket kept in blocking mode, read only by its connection's own thread.
/// </summary>
/// <remarks>
/// An asynchronous receive costs three thread wake-ups per frame here: the socket event thread, the thread-pool worker that
/// runs the continuation, and the extra worker the thread pool wakes to keep parallelism. With one task in flight those
/// wake-ups were most of the client's CPU per task. A thread blocked in <c>recv</c> is woken once, by the kernel, and is
/// the same thread that parses the frame (the approach of clients that own dedicated socket threads, such as
/// StackExchange.Redis). Any asynchronous operation would switch the socket to non-blocking for good, so this stream never
/// starts one: writes block too, and <see cref="SessionWriter"/> gives a large frame a thread of its own.
/// </remarks>
internal sealed class BlockingSocketStream(Socket socket) : Stream
{
    public static async ValueTask<BlockingSocketStream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (cancellationToken.UnsafeRegister(static state => ((Socket)state!).Dispose(), socket))
            {
                await Task.Factory.StartNew(() => socket.Connect(host, port), cancellationToken, TaskCreationOptions.LongRunning,
                    TaskScheduler.Default).ConfigureAwait(false);
            }

            return new BlockingSocketStream(socket);
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            throw new OperationCanceledException(cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Whether a read would find bytes already received, without blocking.</summary>
    public bool HasBufferedInput => socket.Available > 0;

    public override int Read(Span<byte> buffer) => socket.Receive(buffer, SocketFlags.None);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[socket.Send(buffer, SocketFlags.None)..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            socket.Dispose();
        }

        base.Dispose(disposing);
    }
}
