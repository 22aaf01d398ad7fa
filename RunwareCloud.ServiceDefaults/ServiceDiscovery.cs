using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RunwareCloud.ServiceDefaults;

/// <summary>
/// Resolves logical service URIs such as <c>http://history-api/x</c> from <c>services:{name}:{endpoint}:{index}</c>
/// configuration (the Aspire convention, written by the AppHost as <c>services__history-api__http__0</c>).
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    /// <summary>The base addresses configured for a service's endpoint, in index order; empty when none.</summary>
    public IReadOnlyList<Uri> GetEndpoints(string serviceName, string endpointName = "http")
    {
        var section = configuration.GetSection($"services:{serviceName}:{endpointName}");
        return section.GetChildren()
            .OrderBy(child => int.TryParse(child.Key, out var index) ? index : int.MaxValue)
            .Select(child => child.Value)
            .Where(value => Uri.TryCreate(value, UriKind.Absolute, out _))
            .Select(value => new Uri(value!))
            .ToList();
    }

    /// <summary>
    /// Rewrites a logical URI to a concrete one. Schemes "http", "https" and "https+http" (prefer https) name the endpoint;
    /// a host with no configured endpoint is returned unchanged so that real host names keep working.
    /// </summary>
    public Uri Resolve(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return uri;
        }

        foreach (var endpointName in uri.Scheme.Split('+'))
        {
            var endpoints = GetEndpoints(uri.Host, endpointName);
            if (endpoints.Count == 0)
            {
                continue;
            }

            var target = endpoints[Random.Shared.Next(endpoints.Count)];
            var builder = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port };
            return builder.Uri;
        }

        return uri;
    }
}

/// <summary>Resolves each outgoing request's logical host just before it is sent, so every retry re-resolves.</summary>
public sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            request.RequestUri = resolver.Resolve(uri);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

public static class ServiceDiscoveryExtensions
{
    /// <summary>Registers <see cref="ServiceEndpointResolver"/> (configuration-based service discovery).</summary>
    public static IServiceCollection AddServiceDiscovery(this IServiceCollection services)
    {
        services.TryAddSingleton<ServiceEndpointResolver>();
        services.TryAddTransient<ServiceDiscoveryHandler>();
        return services;
    }

    /// <summary>Lets this client address services by name (<c>http://history-api</c>).</summary>
    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder builder)
    {
        builder.Services.AddServiceDiscovery();
        return builder.AddHttpMessageHandler<ServiceDiscoveryHandler>();
    }
}
