namespace RunwareCloud.AppHost.Hosting.Supervision;

/// <summary>
/// Runs one resource: waits for its dependencies, starts it, watches its health, restarts it with backoff when its
/// process ends unexpectedly, and stops it on request.
/// </summary>
public sealed class ResourceSupervisor(Resource resource, RunContext context, Func<Resource, ResourceSupervisor> supervisorOf, Action<Resource> changed)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _commandGate = new(1, 1);
    private CancellationTokenSource? _run;
    private Task? _loop;

    public Resource Resource { get; } = resource;

    /// <summary>Completes the first time the resource is ready (started and healthy).</summary>
    public Task Ready => _ready.Task;

    public void Start(CancellationToken applicationStopping)
    {
        _run = CancellationTokenSource.CreateLinkedTokenSource(applicationStopping);
        _loop = RunAsync(_run.Token);
    }

    public async Task StopAsync()
    {
        if (_run is null)
        {
            return;
        }

        Set(ResourceState.Stopping);
        await _run.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await Resource.StopAsync();
        Resource.Pid = null;
        Resource.Health = ResourceHealth.Unknown;
        Set(ResourceState.Stopped);
        _run.Dispose();
        _run = null;
    }

    public async Task ExecuteAsync(Dashboard.ResourceCommand command, CancellationToken applicationStopping)
    {
        await _commandGate.WaitAsync(applicationStopping);
        try
        {
            if (command is Dashboard.ResourceCommand.Stop or Dashboard.ResourceCommand.Restart)
            {
                await StopAsync();
            }

            if (command is Dashboard.ResourceCommand.Start or Dashboard.ResourceCommand.Restart && _run is null)
            {
                Start(applicationStopping);
            }
        }
        finally
        {
            _commandGate.Release();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Resource.WaitsFor.Count > 0)
        {
            Set(ResourceState.Waiting);
            await Task.WhenAll(Resource.WaitsFor.Select(dependency => supervisorOf(dependency).Ready)).WaitAsync(cancellationToken);
        }

        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Set(failures == 0 ? ResourceState.Starting : ResourceState.Restarting);
            Task<int>? exited;
            try
            {
                exited = await Resource.StartAsync(context, cancellationToken);
                Resource.StartedAt = DateTimeOffset.UtcNow;
                Resource.ExitCode = null;
                Set(ResourceState.Running);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Resource.Logs.Add($"failed to start: {exception.Message}");
                Set(ResourceState.FailedToStart);
                await Resource.StopAsync();
                await BackoffAsync(++failures, cancellationToken);
                Resource.Restarts++;
                continue;
            }

            using var health = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watching = WatchHealthAsync(health.Token);
            if (exited is null)
            {
                await watching;
                return;
            }

            var code = await exited.WaitAsync(cancellationToken).ContinueWith(task => task.IsCompletedSuccessfully ? task.Result : (int?)null,
                TaskScheduler.Default);
            await health.CancelAsync();
            await watching;
            if (cancellationToken.IsCancellationRequested || code is null)
            {
                return;
            }

            Resource.ExitCode = code;
            Resource.Pid = null;
            Resource.Health = ResourceHealth.Unhealthy;
            Resource.Logs.Add($"exited with code {code}; restarting");
            Set(ResourceState.Exited);
            await Resource.StopAsync();

            // A process that ran a while before failing starts over with a short delay.
            failures = DateTimeOffset.UtcNow - Resource.StartedAt > TimeSpan.FromMinutes(1) ? 1 : failures + 1;
            await BackoffAsync(failures, cancellationToken);
            Resource.Restarts++;
        }
    }

    private async Task WatchHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var healthy = await Resource.CheckHealthAsync(cancellationToken);
                var health = healthy ? ResourceHealth.Healthy : ResourceHealth.Unhealthy;
                if (health != Resource.Health)
                {
                    Resource.Health = health;
                    changed(Resource);
                }

                if (healthy)
                {
                    _ready.TrySetResult();
                }

                if (Resource is not ProjectResource)
                {
                    return;
                }

                await Task.Delay(_ready.Task.IsCompleted ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task BackoffAsync(int failures, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Max(0, failures - 1)) * 0.5));
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Set(ResourceState state)
    {
        if (Resource.State != state)
        {
            Resource.State = state;
            changed(Resource);
        }
    }
}
