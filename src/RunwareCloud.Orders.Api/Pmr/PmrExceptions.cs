namespace RunwareCloud.Orders.Api.Pmr;

/// <summary>The PMR could not be reached or kept failing (outage, breaker open): the work waits and is resumed later.</summary>
public sealed class PmrUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The PMR answered and refused the request (a 4xx other than an expired token): retrying will not help.</summary>
public sealed class PmrRejectedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
