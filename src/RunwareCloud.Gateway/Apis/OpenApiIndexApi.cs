using Microsoft.AspNetCore.Http.HttpResults;
using RunwareCloud.Gateway.Proxy;

namespace RunwareCloud.Gateway.Apis;

public sealed record OpenApiDocumentLink
{
    public required string Name { get; init; }
    public required string Url { get; init; }
}

public static class OpenApiIndexApi
{
    private const string GatewayName = "gateway";
    private const string GatewayDocumentPath = "/openapi/v1.json";

    public static IEndpointRouteBuilder MapOpenApiIndex(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapGet("/openapi", ListOpenApiDocuments).AllowAnonymous().WithTags("OpenAPI")
            .WithName("ListOpenApiDocuments").WithSummary("Every service's OpenAPI document, served through the gateway");
        return app;
    }

    public static Ok<List<OpenApiDocumentLink>> ListOpenApiDocuments() => TypedResults.Ok(
        GatewayRoutes.Services
            .Select(service => new OpenApiDocumentLink { Name = service, Url = GatewayRoutes.GetOpenApiPath(service) })
            .Prepend(new OpenApiDocumentLink { Name = GatewayName, Url = GatewayDocumentPath })
            .ToList());
}
