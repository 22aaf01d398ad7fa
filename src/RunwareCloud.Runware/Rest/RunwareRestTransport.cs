using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RunwareCloud.Runware.Telemetry;

namespace RunwareCloud.Runware.Rest;

/// <summary>
/// <c>POST /v1</c> with a Bearer key, one task per request: for networks that block WebSockets. Same tasks, same
/// errors, no pool (HTTP connection pooling does the multiplexing).
/// </summary>
public sealed class RunwareRestTransport : IRunwareTransport, IDisposable
{
    private readonly HttpClient _http;
    private readonly RunwareConnectionString _connectionString;
    private readonly RunwarePoolOptions _options;
    private readonly SemaphoreSlim _slots;

    public RunwareRestTransport(RunwareConnectionString connectionString, RunwarePoolOptions options, HttpMessageHandler? handler = null)
    {
        _connectionString = connectionString;
        _options = options;
        _slots = new SemaphoreSlim(options.EffectiveMaxInFlight, options.EffectiveMaxInFlight);
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public bool IsReady => true;

    public async Task<RunwareTaskResult> SendAsync<TState>(RunwareTaskSpec spec, TState state, RunwareTaskFieldsWriter<TState> writeFields,
        CancellationToken cancellationToken = default)
    {
        var uuid = spec.TaskUuid ?? Guid.NewGuid();
        var timeout = spec.Timeout ?? _options.TimeoutFor(spec.TaskType);
        var body = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("taskUUID"u8, uuid);
            writer.WriteString("taskType"u8, spec.TaskType);
            writeFields(writer, state);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        if (!_slots.Wait(0))
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        using var activity = RunwareTelemetry.Source.StartActivity("runware.task", ActivityKind.Client);
        activity?.SetTag("runware.task_type", spec.TaskType);
        activity?.SetTag("runware.task_uuid", uuid.ToString());
        activity?.SetTag("runware.model", spec.Model);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _connectionString.RestEndpoint)
            {
                Content = new ReadOnlyMemoryContent(body.WrittenMemory) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _connectionString.ApiKey);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            var result = Read(spec, uuid, response.StatusCode, bytes);
            activity?.SetTag("runware.result_count", result.Items.Count);
            RunwareTelemetry.TaskDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new TagList { { "runware.task_type", spec.TaskType }, { "runware.outcome", "success" } });
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RunwareTimeoutException(spec.TaskType, uuid, timeout);
        }
        catch (HttpRequestException exception)
        {
            throw new RunwareConnectionException($"POST {_connectionString.RestEndpoint} failed for task {spec.TaskType} {uuid}.", exception);
        }
        catch (RunwareException exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Code);
            RunwareTelemetry.Errors.Add(1, new TagList { { "runware.task_type", spec.TaskType }, { "error.code", exception.Code } });
            throw;
        }
        finally
        {
            _slots.Release();
        }
    }

    private RunwareTaskResult Read(RunwareTaskSpec spec, Guid uuid, HttpStatusCode status, byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            throw new RunwareException($"http{(int)status}", $"Runware answered HTTP {(int)status} without a JSON body.", taskUuid: uuid,
                taskType: spec.TaskType, isTransient: IsTransientStatus(status));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors"u8, out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    var exception = ReadError(error, spec, status);
                    if (exception.TaskUuid is null || exception.TaskUuid == uuid)
                    {
                        throw exception;
                    }
                }
            }

            if (status is HttpStatusCode.Unauthorized)
            {
                throw new RunwareAuthenticationException(RunwareErrorCodes.InvalidApiKey, "Runware refused the API key.");
            }

            if ((int)status >= 400)
            {
                throw new RunwareException($"http{(int)status}", $"Runware answered HTTP {(int)status}.", taskUuid: uuid, taskType: spec.TaskType,
                    isTransient: IsTransientStatus(status));
            }

            var items = new List<JsonElement>(spec.ExpectedResults);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data"u8, out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray())
                {
                    if (item.TryGetProperty("taskUUID"u8, out var itemUuid) && itemUuid.ValueKind == JsonValueKind.String
                        && itemUuid.TryGetGuid(out var parsed) && parsed == uuid)
                    {
                        items.Add(item.Clone());
                    }
                }
            }

            return new RunwareTaskResult(uuid, spec.TaskType, items);
        }
    }

    private RunwareException ReadError(JsonElement error, RunwareTaskSpec spec, HttpStatusCode status)
    {
        string? Read(ReadOnlySpan<byte> name) =>
            error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var code = Read("code"u8) ?? $"http{(int)status}";
        var message = Read("message"u8) ?? code;
        if (message.Contains(_connectionString.ApiKey, StringComparison.Ordinal))
        {
            message = message.Replace(_connectionString.ApiKey, "***", StringComparison.Ordinal);
        }

        if (RunwareErrorCodes.IsAuthentication(code) || status == HttpStatusCode.Unauthorized)
        {
            return new RunwareAuthenticationException(code, message);
        }

        Guid? taskUuid = Read("taskUUID"u8) is { } text && Guid.TryParse(text, out var parsed) ? parsed : null;
        return new RunwareException(code, message, Read("parameter"u8), taskUuid, Read("taskType"u8) ?? spec.TaskType,
            RunwareErrorCodes.IsTransient(code) || IsTransientStatus(status));
    }

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }
}
