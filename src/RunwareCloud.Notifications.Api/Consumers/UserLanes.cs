using MassTransit;
using Microsoft.Extensions.Options;
using RunwareCloud.Notifications.Api.Notifications;

namespace RunwareCloud.Notifications.Api.Consumers;

/// <summary>Where a message stands in its channel's delivery order: RabbitMQ numbers each channel's deliveries 1, 2, 3, ...</summary>
public readonly record struct DeliveryPosition(string Channel, ulong Tag)
{
    public static DeliveryPosition? Of(ConsumeContext context) =>
        context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit)
            ? new DeliveryPosition(rabbit.ConsumerTag, rabbit.DeliveryTag)
            : null;
}

/// <summary>
/// Runs consumed events one at a time per user and concurrently across users, in the order the broker delivered them.
/// The bus hands deliveries to several workers at once, so two events of one user can reach the consumer in either
/// order; each event first waits here until every earlier delivery of its channel has joined its user's lane, then runs
/// after the earlier events of its user. A delivery that never reaches the consumer (an unreadable message) holds the
/// others back for at most <see cref="NotificationsOptions.DeliveryGapTimeout"/>.
/// </summary>
public sealed class UserLanes(IOptions<NotificationsOptions> options, TimeProvider time)
{
    private const int RetiredChannelsKept = 16;

    private readonly TimeSpan _gapTimeout = options.Value.DeliveryGapTimeout;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Task> _tails = [];
    private readonly SortedDictionary<ulong, Waiter> _waiting = [];
    private readonly HashSet<string> _retiredChannels = new(StringComparer.Ordinal);
    private string? _channel;
    private ulong _next = 1;
    private int _running;
    private int _maxRunning;

    /// <summary>The most events that have run at once.</summary>
    public int MaxConcurrency => Volatile.Read(ref _maxRunning);

    public async Task RunAsync(DeliveryPosition? position, Guid userId, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var previous = await JoinAsync(position, userId, done.Task, cancellationToken);
            await previous.WaitAsync(cancellationToken);
            var running = Interlocked.Increment(ref _running);
            try
            {
                RaiseMaxRunning(running);
                await work(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
        finally
        {
            done.TrySetResult();
            lock (_gate)
            {
                if (_tails.TryGetValue(userId, out var tail) && tail == done.Task)
                {
                    _tails.Remove(userId);
                }
            }
        }
    }

    /// <summary>Joins the user's lane once it is this delivery's turn; returns the task of the user's previous event.</summary>
    private Task<Task> JoinAsync(DeliveryPosition? position, Guid userId, Task done, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_gate)
        {
            if (position is not { } at || IsDue(at))
            {
                return Task.FromResult(Admit(position?.Tag, userId, done));
            }

            waiter = new Waiter(userId, done);
            if (!_waiting.TryAdd(at.Tag, waiter))
            {
                return Task.FromResult(Admit(at.Tag, userId, done));
            }
        }

        return WaitForTurnAsync(position.Value, waiter, cancellationToken);
    }

    private async Task<Task> WaitForTurnAsync(DeliveryPosition position, Waiter waiter, CancellationToken cancellationToken)
    {
        try
        {
            return await waiter.Admitted.Task.WaitAsync(_gapTimeout, time, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                if (!waiter.Admitted.Task.IsCompleted)
                {
                    if (exception is OperationCanceledException)
                    {
                        _waiting.Remove(position.Tag);
                        throw;
                    }

                    // The deliveries before this one did not arrive in time: stop waiting for them, and let this one and
                    // any earlier ones still waiting join their lanes in order.
                    _next = Math.Max(_next, position.Tag);
                    ReleaseDue();
                }
            }

            return await waiter.Admitted.Task;
        }
    }

    private bool IsDue(DeliveryPosition position)
    {
        if (position.Channel != _channel)
        {
            if (_retiredChannels.Contains(position.Channel))
            {
                return true;
            }

            // A new channel (the bus reconnected) numbers its deliveries from 1 again; whatever waited on the old one goes now.
            if (_channel is not null)
            {
                if (_retiredChannels.Count >= RetiredChannelsKept)
                {
                    _retiredChannels.Clear();
                }

                _retiredChannels.Add(_channel);
            }

            _channel = position.Channel;
            _next = ulong.MaxValue;
            ReleaseDue();
            _next = 1;
        }

        return position.Tag <= _next;
    }

    private Task Admit(ulong? tag, Guid userId, Task done)
    {
        var previous = _tails.GetValueOrDefault(userId) ?? Task.CompletedTask;
        _tails[userId] = done;
        if (tag >= _next)
        {
            _next = tag.Value + 1;
            ReleaseDue();
        }

        return previous;
    }

    private void ReleaseDue()
    {
        while (_waiting.Count > 0)
        {
            var (tag, waiter) = _waiting.First();
            if (tag > _next)
            {
                return;
            }

            _waiting.Remove(tag);
            var previous = _tails.GetValueOrDefault(waiter.UserId) ?? Task.CompletedTask;
            _tails[waiter.UserId] = waiter.Done;
            if (tag >= _next && _next != ulong.MaxValue)
            {
                _next = tag + 1;
            }

            waiter.Admitted.SetResult(previous);
        }
    }

    private void RaiseMaxRunning(int running)
    {
        var max = Volatile.Read(ref _maxRunning);
        while (running > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxRunning, running, max);
            if (seen == max)
            {
                return;
            }

            max = seen;
        }
    }

    private sealed class Waiter(Guid userId, Task done)
    {
        public Guid UserId { get; } = userId;

        public Task Done { get; } = done;

        public TaskCompletionSource<Task> Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
