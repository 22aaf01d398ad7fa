using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Messaging;

/// <summary>Wakes the relay of <typeparamref name="TDbContext"/> right after a commit that staged outbox rows.</summary>
public sealed class OutboxSignal<TDbContext> where TDbContext : DbContext
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Completes when this caller takes a notification, or after <paramref name="timeout"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            // Every waiting reader wakes when a signal is written; only the one that takes it returns early, so a commit wakes
            // one relay loop, not all of them to find its rows already claimed.
            while (await _channel.Reader.WaitToReadAsync(timer.Token))
            {
                if (_channel.Reader.TryRead(out _))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
