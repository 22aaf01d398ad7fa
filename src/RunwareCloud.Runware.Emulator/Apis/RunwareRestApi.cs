using System.Text.Json;
using System.Text.Json.Nodes;
using RunwareCloud.Runware.Emulator.Hosting;
using RunwareCloud.Runware.Emulator.Protocol;
using RunwareCloud.Runware.Emulator.Tasks;

namespace RunwareCloud.Runware.Emulator.Apis;

/// <summary>The REST transport: POST /v1 with a JSON array of tasks, authenticated by Bearer key or a leading authentication task.</summary>
public static class RunwareRestApi
{
    public static IEndpointRouteBuilder MapRunwareRestApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1", RunTasksAsync).WithName("RunTasks").WithSummary("Run Runware tasks over HTTP");
        return app;
    }

    public static async Task<IResult> RunTasksAsync(HttpContext http, EmulatorServices services)
    {
        JsonNode? parsed;
        try
        {
            parsed = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        var tasks = parsed switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject single => [single],
            _ => null,
        };
        if (tasks is null)
        {
            return ErrorResult(RunwareError.Create(RunwareErrorCodes.InvalidJson, "The body must be a JSON array of task objects."), null);
        }

        string? apiKey = null;
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            apiKey = header["Bearer ".Length..].Trim();
        }

        if (tasks.Count > 0 && new TaskRequest(tasks[0]).TaskType == TaskTypes.Authentication)
        {
            apiKey = new TaskRequest(tasks[0]).GetString("apiKey");
            tasks.RemoveAt(0);
        }

        var faults = services.Faults.Current;
        if (faults.RefuseAuth || !services.ApiKeys.IsAccepted(apiKey))
        {
            services.Stats.AuthFailed();
            var error = faults.RefuseAuth
                ? RunwareError.Create(faults.RefuseAuthCode, "Authentication refused (injected fault).", "apiKey")
                : string.IsNullOrWhiteSpace(apiKey)
                    ? RunwareError.Create(RunwareErrorCodes.MissingApiKey, "An API key is required (Authorization: Bearer or an authentication task).", "apiKey")
                    : RunwareError.Create(RunwareErrorCodes.InvalidApiKey, "Invalid API key. Get one at https://my.runware.ai/signup", "apiKey");
            return ErrorResult(error, TaskTypes.Authentication, StatusCodes.Status401Unauthorized);
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, services.Lifetime.ApplicationStopping);
        var output = new RestOutput();
        var baseUrl = services.BaseUrl(http.Request);
        await Task.WhenAll(tasks.Select(task => new TaskRequest(task).TaskType == TaskTypes.Ping
            ? output.SendResultsAsync([new JsonObject { ["taskType"] = TaskTypes.Ping, ["pong"] = true }]).AsTask()
            : services.Dispatcher.RunAsync(task, apiKey!, baseUrl, output, cancellation.Token)));

        var status = output.Errors.Count > 0 && output.Data.Count == 0
            ? RunwareErrorCodes.HttpStatus(output.Errors[0]["code"]?.GetValue<string>() ?? "")
            : StatusCodes.Status200OK;
        return Results.Json(output.ToBody(), statusCode: status);
    }

    private static IResult ErrorResult(RunwareError error, string? taskType, int? status = null) =>
        Results.Json(new JsonObject { ["errors"] = new JsonArray(error.ToJson(taskType, null)) }, statusCode: status ?? RunwareErrorCodes.HttpStatus(error.Code));
}
