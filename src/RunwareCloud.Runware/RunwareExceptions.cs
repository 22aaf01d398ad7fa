namespace RunwareCloud.Runware;

/// <summary>An error object returned by Runware for a task (<c>{"errors":[{"code":…}]}</c>).</summary>
public class RunwareException : Exception
{
    public RunwareException(string code, string message, string? parameter = null, Guid? taskUuid = null, string? taskType = null, bool? isTransient = null)
        : base(message)
    {
        Code = code;
        Parameter = parameter;
        TaskUuid = taskUuid;
        TaskType = taskType;
        IsTransient = isTransient ?? RunwareErrorCodes.IsTransient(code);
    }

    public string Code { get; }
    public string? Parameter { get; }
    public Guid? TaskUuid { get; }
    public string? TaskType { get; }

    /// <summary>True when the same task may succeed if sent again (provider timeouts, rate limits, server errors).</summary>
    public bool IsTransient { get; }
}

/// <summary>The API key was refused. The pool stops connecting until the authentication retry interval has passed.</summary>
public sealed class RunwareAuthenticationException(string code, string message)
    : RunwareException(code, message, "apiKey", taskType: "authentication", isTransient: false);

/// <summary>The connection carrying a task failed and the task could not be completed on another one. Safe to retry.</summary>
public sealed class RunwareConnectionException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    public bool IsTransient => true;
}

/// <summary>Every slot of the pool is busy and the waiting queue is full: shed load instead of hanging.</summary>
public sealed class RunwarePoolSaturatedException(int maxInFlight, int maxQueueLength)
    : Exception($"The Runware pool is saturated: {maxInFlight} tasks in flight and {maxQueueLength} callers waiting.")
{
    public int MaxInFlight { get; } = maxInFlight;
    public int MaxQueueLength { get; } = maxQueueLength;
}

/// <summary>A task got no complete answer within its timeout; its slot has been released.</summary>
public sealed class RunwareTimeoutException(string taskType, Guid taskUuid, TimeSpan timeout)
    : TimeoutException($"Runware task {taskType} {taskUuid} got no complete answer within {timeout.TotalSeconds:0.###} s.")
{
    public string TaskType { get; } = taskType;
    public Guid TaskUuid { get; } = taskUuid;
    public TimeSpan Timeout { get; } = timeout;
}

public static class RunwareErrorCodes
{
    public const string InvalidApiKey = "invalidApiKey";
    public const string MissingApiKey = "missingApiKey";

    private static readonly HashSet<string> s_transient = new(StringComparer.OrdinalIgnoreCase)
    {
        "timeoutProvider", "providerError", "internalServerError", "serverError", "rateLimitExceeded",
        "serviceUnavailable", "tooManyRequests", "providerUnavailable", "temporarilyUnavailable",
    };

    public static bool IsTransient(string code) => s_transient.Contains(code);

    public static bool IsAuthentication(string code) =>
        string.Equals(code, InvalidApiKey, StringComparison.OrdinalIgnoreCase) || string.Equals(code, MissingApiKey, StringComparison.OrdinalIgnoreCase);
}
