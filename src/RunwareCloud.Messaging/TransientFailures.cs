using System.Text.Json;
using MassTransit;

namespace RunwareCloud.Messaging;

/// <summary>Which consumer exceptions are worth an immediate retry: all but those a retry cannot fix.</summary>
public static class TransientFailures
{
    public static void IgnorePermanent(IRetryConfigurator retry) =>
        retry.Ignore(typeof(ArgumentException), typeof(FormatException), typeof(NotSupportedException), typeof(JsonException),
            typeof(PermanentMessageException));
}

/// <summary>Thrown by a consumer for a message that can never succeed: it goes to the error queue without retries.</summary>
public sealed class PermanentMessageException(string message, Exception? innerException = null) : Exception(message, innerException);
