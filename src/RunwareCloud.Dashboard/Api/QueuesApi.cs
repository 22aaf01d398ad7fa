using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RunwareCloud.AppHost.Hosting.Dashboard;

namespace RunwareCloud.Dashboard.Api;

/// <summary>Bus queue depths from the RabbitMQ management API, when its address is configured.</summary>
public static class QueuesApi
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static IEndpointRouteBuilder MapQueuesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/queues", GetQueuesAsync);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<QueueDepth>>, NoContent, ProblemHttpResult>> GetQueuesAsync(
        DashboardOptions options, IResourceService resources, CancellationToken cancellationToken)
    {
        // The broker the host started is the services' bus; a configured one stands in when the host uses an existing server.
        if (!Uri.TryCreate(resources.BusManagementUrl ?? options.RabbitMqManagementUrl, UriKind.Absolute, out var management))
        {
            return TypedResults.NoContent();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(management.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"), "api/queues"));
        if (management.UserInfo is { Length: > 0 } userInfo)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(userInfo))));
        }

        try
        {
            using var response = await Http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var queues = await response.Content.ReadFromJsonAsync<List<QueueDepth>>(cancellationToken) ?? [];
            return TypedResults.Ok<IReadOnlyList<QueueDepth>>(queues.OrderByDescending(queue => queue.Messages).ThenBy(queue => queue.Name).ToList());
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return TypedResults.Problem("The RabbitMQ management API did not answer.", statusCode: StatusCodes.Status502BadGateway);
        }
    }
}

public sealed record QueueDepth
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("vhost")] public string? VirtualHost { get; init; }
    [JsonPropertyName("messages")] public long Messages { get; init; }
    [JsonPropertyName("messages_unacknowledged")] public long Unacknowledged { get; init; }
    [JsonPropertyName("consumers")] public long Consumers { get; init; }
}
