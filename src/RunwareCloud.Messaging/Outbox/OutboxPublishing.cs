using System.Diagnostics;
using MassTransit;

namespace RunwareCloud.Messaging;

/// <summary>Publishes (or sends) one outbox row with its own id as the MessageId, continuing the trace that staged it.</summary>
internal static class OutboxPublishing
{
    private static readonly ActivitySource s_activitySource = new("RunwareCloud.Messaging");

    /// <summary>Null when the broker confirmed the message; otherwise why not.</summary>
    public static async Task<string?> PublishAsync(IBus bus, OutboxMessage row, TimeSpan timeout, string activityName, CancellationToken cancellationToken)
    {
        var headers = OutboxHeaders.Parse(row.Headers);
        using var activity = s_activitySource.StartActivity(activityName, ActivityKind.Internal, headers.ParentContext());
        activity?.SetTag("messaging.message.id", row.Id);
        try
        {
            var (message, type) = row.Staged is { } staged ? (staged, staged.GetType()) : OutboxSerializer.Deserialize(row.MessageType, row.Body);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            if (row.Destination is null)
            {
                await bus.Publish(message, type, Pipe.Execute<PublishContext>(context => Stamp(context, row, headers)), limit.Token);
            }
            else
            {
                var endpoint = await bus.GetSendEndpoint(new Uri(row.Destination));
                await endpoint.Send(message, type, Pipe.Execute<SendContext>(context => Stamp(context, row, headers)), limit.Token);
            }

            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            return $"{exception.GetType().Name}: {exception.Message}";
        }
    }

    private static void Stamp(SendContext context, OutboxMessage row, OutboxHeaders headers)
    {
        context.MessageId = row.Id;
        if (headers.CorrelationId is { } correlationId)
        {
            context.CorrelationId = correlationId;
        }
    }
}
