using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RunwareCloud.AppHost.Hosting.Dashboard;

namespace RunwareCloud.Dashboard.Api;

/// <summary>Resources, their console output and their start/stop/restart commands.</summary>
public static class ResourcesApi
{
    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/resources");
        api.MapGet("/", (IResourceService resources) => TypedResults.Ok(resources.GetResources()));
        api.MapPost("/{name}/{command}", ExecuteCommandAsync);
        api.MapGet("/{name}/logs", GetConsoleLogs);
        return app;
    }

    public static async Task<Results<Accepted, NotFound, ValidationProblem>> ExecuteCommandAsync(
        string name, string command, IResourceService resources, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ResourceCommand>(command, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(command, out _))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["command"] = ["Use start, stop or restart."] });
        }

        if (!resources.GetResources().Any(resource => resource.Name == name))
        {
            return TypedResults.NotFound();
        }

        await resources.ExecuteCommandAsync(name, parsed, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>Console lines after <paramref name="after"/> (a sequence number, for tailing), filtered by <paramref name="q"/>.</summary>
    public static Results<Ok<ConsoleLogPage>, FileContentHttpResult, NotFound> GetConsoleLogs(
        string name, string? q, long? after, bool? download, IResourceService resources)
    {
        if (!resources.GetResources().Any(resource => resource.Name == name))
        {
            return TypedResults.NotFound();
        }

        var lines = resources.GetLogs(name)
            .Where(line => line.Sequence > (after ?? 0))
            .Where(line => string.IsNullOrEmpty(q) || line.Text.Contains(q, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (download == true)
        {
            var text = string.Join('\n', lines.Select(line => $"{line.Timestamp:O} {line.Text}"));
            return TypedResults.File(Encoding.UTF8.GetBytes(text), "text/plain", $"{name}.log");
        }

        return TypedResults.Ok(new ConsoleLogPage(name, lines.Count == 0 ? after ?? 0 : lines[^1].Sequence,
            lines.Select(line => new ConsoleLine(line.Sequence, line.Timestamp, line.Text)).ToList()));
    }
}

public sealed record ConsoleLine(long Sequence, DateTimeOffset Timestamp, string Text);

public sealed record ConsoleLogPage(string Resource, long Last, IReadOnlyList<ConsoleLine> Lines);
