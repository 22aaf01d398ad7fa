using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using RunwareCloud.Runware.Emulator.Protocol;

namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>Results of tasks sent with deliveryMethod "async", read back with getResponse.</summary>
public sealed class AsyncTaskStore(TimeProvider time)
{
    private static readonly TimeSpan s_retention = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, AsyncTask> _tasks = new();

    public AsyncTask Add(string apiKey, string taskType, string taskUuid, int expectedResults)
    {
        Purge();
        var task = new AsyncTask(apiKey, taskType, taskUuid, expectedResults, time.GetUtcNow());
        _tasks[Key(apiKey, taskUuid)] = task;
        return task;
    }

    public AsyncTask? Find(string apiKey, string taskUuid) => _tasks.GetValueOrDefault(Key(apiKey, taskUuid));

    private static string Key(string apiKey, string taskUuid) => $"{apiKey}\n{taskUuid}";

    private void Purge()
    {
        var cutoff = time.GetUtcNow() - s_retention;
        foreach (var (key, task) in _tasks)
        {
            if (task.CreatedAt < cutoff)
            {
                _tasks.TryRemove(key, out _);
            }
        }
    }
}

public sealed class AsyncTask(string apiKey, string taskType, string taskUuid, int expectedResults, DateTimeOffset createdAt)
{
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _results = [];
    private RunwareError? _error;
    private int _progress;

    public string ApiKey { get; } = apiKey;

    public string TaskType { get; } = taskType;

    public string TaskUuid { get; } = taskUuid;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public void AddResult(JsonObject item)
    {
        lock (_lock)
        {
            item["status"] = "success";
            _results.Add(item);
        }
    }

    public void Fail(RunwareError error)
    {
        lock (_lock)
        {
            _error = error;
        }
    }

    public void SetProgress(int progress) => Volatile.Write(ref _progress, Math.Clamp(progress, 0, 99));

    /// <summary>Every generation in one list: finished ones with status success, the rest processing with progress.</summary>
    public (IReadOnlyList<JsonObject> Items, RunwareError? Error) Snapshot()
    {
        lock (_lock)
        {
            if (_error is not null)
            {
                return ([], _error);
            }

            var items = _results.Select(r => (JsonObject)r.DeepClone()).ToList();
            for (var i = _results.Count; i < expectedResults; i++)
            {
                items.Add(new JsonObject
                {
                    ["taskType"] = TaskType,
                    ["taskUUID"] = TaskUuid,
                    ["status"] = "processing",
                    ["progress"] = Volatile.Read(ref _progress),
                });
            }

            return (items, null);
        }
    }
}
