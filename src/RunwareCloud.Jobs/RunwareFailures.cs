using RunwareCloud.Runware;

namespace RunwareCloud.Jobs;

/// <summary>A failure the user can read: a stable code and a sentence, and whether trying again may help.</summary>
public sealed class JobFailedException(string code, string message, bool isTransient) : Exception(message)
{
    public string Code { get; } = code;
    public bool IsTransient { get; } = isTransient;
}

public static class RunwareFailures
{
    /// <summary>Runs a Runware call and turns every way it can fail into a <see cref="JobFailedException"/>.</summary>
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RunwareAuthenticationException)
        {
            throw new JobFailedException("runwareUnauthorized", "The platform's Runware API key was refused.", isTransient: false);
        }
        catch (RunwareException exception)
        {
            var parameter = exception.Parameter is null ? "" : $" ({exception.Parameter})";
            throw new JobFailedException(exception.Code, $"Runware refused the task{parameter}: {exception.Message}", exception.IsTransient);
        }
        catch (RunwareTimeoutException)
        {
            throw new JobFailedException("runwareTimeout", "Runware did not answer in time.", isTransient: true);
        }
        catch (RunwarePoolSaturatedException)
        {
            throw new JobFailedException("runwareBusy", "Too many Runware tasks are waiting; the job will be retried.", isTransient: true);
        }
        catch (RunwareConnectionException)
        {
            throw new JobFailedException("runwareUnavailable", "The connection to Runware failed.", isTransient: true);
        }
        catch (InputRejectedException exception)
        {
            throw new JobFailedException("invalidInput", exception.Message, isTransient: false);
        }
        catch (HttpRequestException)
        {
            throw new JobFailedException("inputUnavailable", "The input image could not be read right now.", isTransient: true);
        }
    }
}
