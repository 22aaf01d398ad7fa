using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RunwareCloud.Gateway.Identity;
using Yarp.ReverseProxy.ServiceDiscovery;
using Yarp.ReverseProxy.Transforms;

namespace RunwareCloud.Gateway.Proxy;

public static class GatewayProxyExtensions
{
    /// <summary>YARP with the route table of <see cref="GatewayRoutes"/>, destinations from service discovery.</summary>
    public static IHostApplicationBuilder AddGatewayProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromMemory(GatewayRoutes.CreateRoutes(), GatewayRoutes.CreateClusters())
            .AddTransforms(transforms => transforms.AddRequestTransform(ForwardIdentityAsync));
        builder.Services.Replace(ServiceDescriptor.Singleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>());

        return builder;
    }

    /// <summary>
    /// Services only understand JWTs: a JWT caller's token passes through unchanged, while an API key never leaves the gateway
    /// and is replaced by a short-lived token for its owner.
    /// </summary>
    private static ValueTask ForwardIdentityAsync(RequestTransformContext context)
    {
        var request = context.ProxyRequest;
        request.Headers.Remove(ApiKeyAuthenticationHandler.HeaderName);

        var user = context.HttpContext.User;
        if (user.GetApiKeyId() is { } apiKeyId)
        {
            var tokens = context.HttpContext.RequestServices.GetRequiredService<DownstreamTokens>();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetToken(user, apiKeyId));
        }

        return ValueTask.CompletedTask;
    }
}
