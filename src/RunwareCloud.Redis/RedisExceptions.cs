namespace RunwareCloud.Redis;

/// <summary>Base of every failure this client reports.</summary>
public class RedisException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The server answered with an error reply (<c>-ERR ...</c>, <c>-NOSCRIPT ...</c>, <c>-WRONGTYPE ...</c>).</summary>
public sealed class RedisServerException(string message) : RedisException(message)
{
    /// <summary>The first word of the error, for example <c>ERR</c>, <c>NOSCRIPT</c> or <c>WRONGTYPE</c>.</summary>
    public string Prefix => Message.Split(' ', 2)[0];
}

/// <summary>The connection could not be made or was lost before the reply arrived; the command may or may not have run.</summary>
public sealed class RedisConnectionException(string message, Exception? innerException = null) : RedisException(message, innerException);

/// <summary>No reply arrived in time; the command may or may not have run.</summary>
public sealed class RedisTimeoutException(string message) : RedisException(message);
