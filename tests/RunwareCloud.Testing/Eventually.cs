namespace RunwareCloud.Testing;

/// <summary>Waits on a condition with a timeout: the only way tests synchronise with asynchronous work.</summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await probe() is { } value && (value is not bool flag || flag))
                {
                    return value;
                }
            }
            catch (Exception exception)
            {
                last = exception;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting for {what}.", last);
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null) =>
        WaitForAsync<object>(async () => await condition() ? true : null, timeout, what, interval);

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitForAsync<object>(() => Task.FromResult<object?>(condition() ? true : null), timeout, what);
}
