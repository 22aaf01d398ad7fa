using Microsoft.Extensions.Logging;

namespace RunwareCloud.Runware.Telemetry;

internal static partial class RunwareLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Runware connection {Connection} authenticated to {Endpoint} (session {SessionUuid})")]
    public static partial void Authenticated(ILogger logger, int connection, Uri endpoint, string? sessionUuid);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Runware connection {Connection} lost; {InFlight} tasks in flight; reconnecting in {DelayMs} ms")]
    public static partial void ConnectionLost(ILogger logger, int connection, int inFlight, long delayMs, Exception? exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Runware refused the API key ({Code}); no reconnect for {RetryInterval}")]
    public static partial void AuthenticationFailed(ILogger logger, string code, TimeSpan retryInterval);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Runware connection {Connection} missed its pong within {PongTimeout}")]
    public static partial void PongMissed(ILogger logger, int connection, TimeSpan pongTimeout);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Runware task {TaskUuid} re-sent as {NewTaskUuid} after its connection dropped")]
    public static partial void Redispatched(ILogger logger, Guid taskUuid, Guid newTaskUuid);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Runware sent an error not tied to a pending task: {Code} {ErrorMessage}")]
    public static partial void UnroutedError(ILogger logger, string code, string errorMessage);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Runware frame could not be parsed on connection {Connection}")]
    public static partial void BadFrame(ILogger logger, int connection, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Releasing a Runware account concurrency lease failed")]
    public static partial void LeaseReleaseFailed(ILogger logger, Exception exception);
}
