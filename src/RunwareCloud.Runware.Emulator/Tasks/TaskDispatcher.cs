using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Faults;
using RunwareCloud.Runware.Emulator.Protocol;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>
/// Runs one task end to end: routing by taskType, taskUUID conflicts, validation, credits, the per-key concurrency queue,
/// injected faults, sync or async delivery, and the error shape.
/// </summary>
public sealed class TaskDispatcher(
    IEnumerable<IRunwareTask> handlers,
    AsyncTaskStore asyncTasks,
    FaultInjector faults,
    ConcurrencyGate gate,
    CreditLedger credits,
    EmulatorStats stats,
    IHostApplicationLifetime lifetime,
    ILogger<TaskDispatcher> logger)
{
    private readonly Dictionary<string, IRunwareTask> _handlers = handlers.ToDictionary(h => h.TaskType, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _inFlight = new();

    public async Task RunAsync(JsonObject task, string apiKey, string baseUrl, ITaskOutput output, CancellationToken cancellationToken)
    {
        stats.TaskReceived();
        var request = new TaskRequest(task);
        var taskType = request.GetString("taskType");
        var taskUuid = request.GetString("taskUUID");
        try
        {
            if (string.IsNullOrEmpty(taskType))
            {
                throw TaskRequest.Invalid(RunwareErrorCodes.MissingTaskType, "Every task needs a 'taskType'.", "taskType", "string");
            }

            if (taskUuid is null || !Guid.TryParse(taskUuid, out _))
            {
                throw TaskRequest.Invalid(RunwareErrorCodes.InvalidTaskUuid, "'taskUUID' must be a UUID v4 string.", "taskUUID", "string");
            }

            var canonical = TaskTypes.Canonical(taskType);
            if (canonical == TaskTypes.GetResponse)
            {
                await GetResponseAsync(apiKey, taskUuid, output);
                return;
            }

            if (!_handlers.TryGetValue(canonical, out var handler))
            {
                throw TaskRequest.Invalid(RunwareErrorCodes.UnsupportedTaskType, $"The task type '{taskType}' is not supported.", "taskType", "string");
            }

            var key = $"{apiKey}\n{taskUuid}";
            if (!_inFlight.TryAdd(key, 0))
            {
                throw TaskRequest.Invalid(RunwareErrorCodes.ConflictTaskUuid, $"A task with taskUUID {taskUuid} is already in progress.", "taskUUID", "string");
            }

            var releaseInFlight = true;
            try
            {
                var deliveryMethod = request.GetString("deliveryMethod", RunwareErrorCodes.InvalidDeliveryMethod) ?? "sync";
                if (deliveryMethod is not ("sync" or "async"))
                {
                    throw TaskRequest.Invalid(RunwareErrorCodes.InvalidDeliveryMethod, "'deliveryMethod' must be 'sync' or 'async'.", "deliveryMethod", "string");
                }

                var probe = NewContext(request, apiKey, baseUrl, _ => ValueTask.CompletedTask, cancellationToken);
                var cost = handler.Validate(probe);
                if (!credits.TryCharge(apiKey, cost))
                {
                    throw TaskRequest.Invalid(RunwareErrorCodes.InsufficientCredits, "Insufficient credits to run this task. Add funds at https://my.runware.ai.", "apiKey");
                }

                if (deliveryMethod == "async")
                {
                    releaseInFlight = false;
                    StartAsyncTask(handler, request, apiKey, baseUrl, cost, key);
                    await output.SendResultsAsync([new JsonObject { ["taskType"] = taskType, ["taskUUID"] = taskUuid, ["status"] = "processing" }]);
                    return;
                }

                try
                {
                    await ExecuteAsync(handler, NewContext(request, apiKey, baseUrl, item => output.SendResultsAsync([item]), cancellationToken));
                }
                catch (RunwareTaskException)
                {
                    credits.Refund(apiKey, cost);
                    throw;
                }
            }
            finally
            {
                if (releaseInFlight)
                {
                    _inFlight.TryRemove(key, out _);
                }
            }
        }
        catch (RunwareTaskException e)
        {
            await SendErrorAsync(output, e.Error, taskType, taskUuid);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Task {TaskType} failed unexpectedly", taskType);
            await SendErrorAsync(output, RunwareError.Create(RunwareErrorCodes.InternalServerError, "The emulator failed to run this task."), taskType, taskUuid);
        }
    }

    private async Task ExecuteAsync(IRunwareTask handler, TaskContext context)
    {
        if (faults.ShouldStall(handler.TaskType))
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        using (await gate.EnterAsync(context.ApiKey, context.CancellationToken))
        {
            if (faults.InjectedError(handler.TaskType) is { } injected)
            {
                throw new RunwareTaskException(injected);
            }

            await handler.ExecuteAsync(context);
            stats.TaskServed(handler.TaskType);
        }
    }

    private void StartAsyncTask(IRunwareTask handler, TaskRequest request, string apiKey, string baseUrl, decimal cost, string inFlightKey)
    {
        var expected = (int)Math.Clamp(request["numberResults"] is { } n && n.GetValueKind() == System.Text.Json.JsonValueKind.Number && n.AsValue().TryGetValue(out int count) ? count : 1, 1, 20);
        var job = asyncTasks.Add(apiKey, request.TaskType, request.TaskUuid, expected);
        var context = NewContext(request, apiKey, baseUrl, item =>
        {
            job.AddResult(item);
            return ValueTask.CompletedTask;
        }, lifetime.ApplicationStopping, job.SetProgress);
        _ = Task.Run(async () =>
        {
            try
            {
                await ExecuteAsync(handler, context);
            }
            catch (RunwareTaskException e)
            {
                credits.Refund(apiKey, cost);
                stats.ErrorSent(e.Error.Code);
                job.Fail(e.Error);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                logger.LogError(e, "Async task {TaskType} failed unexpectedly", request.TaskType);
                job.Fail(RunwareError.Create(RunwareErrorCodes.InternalServerError, "The emulator failed to run this task."));
            }
            finally
            {
                _inFlight.TryRemove(inFlightKey, out _);
            }
        });
    }

    private async Task GetResponseAsync(string apiKey, string taskUuid, ITaskOutput output)
    {
        var job = asyncTasks.Find(apiKey, taskUuid)
            ?? throw TaskRequest.Invalid(RunwareErrorCodes.TaskNotFound, $"No async task with taskUUID {taskUuid}.", "taskUUID", "string");
        var (items, error) = job.Snapshot();
        if (error is not null)
        {
            await SendErrorAsync(output, error, job.TaskType, job.TaskUuid);
            return;
        }

        await output.SendResultsAsync(items);
        stats.TaskServed(TaskTypes.GetResponse);
    }

    private async Task SendErrorAsync(ITaskOutput output, RunwareError error, string? taskType, string? taskUuid)
    {
        stats.ErrorSent(error.Code);
        try
        {
            await output.SendErrorAsync(error.ToJson(taskType, taskUuid));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogDebug(e, "Could not deliver error {Code}", error.Code);
        }
    }

    private static TaskContext NewContext(TaskRequest request, string apiKey, string baseUrl, Func<JsonObject, ValueTask> emit,
        CancellationToken cancellationToken, Action<int>? progress = null) => new()
        {
            Request = request,
            ApiKey = apiKey,
            BaseUrl = baseUrl,
            Emit = emit,
            CancellationToken = cancellationToken,
            ReportProgress = progress,
        };
}
