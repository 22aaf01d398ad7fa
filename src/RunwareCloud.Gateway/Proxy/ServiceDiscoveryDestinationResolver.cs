using RunwareCloud.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace RunwareCloud.Gateway.Proxy;

/// <summary>
/// Turns a destination such as <c>http://history-api</c> into one destination per configured endpoint
/// (<c>services__history-api__http__0</c>, <c>__1</c>, …) through ServiceDefaults' resolver, and resolves again whenever
/// configuration reloads. Hosts with no configured endpoint are kept as they are, so real host names keep working.
/// </summary>
public sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver endpoints, IConfiguration configuration)
    : IDestinationResolver
{
    public ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, destination) in destinations)
        {
            var address = new Uri(destination.Address);
            var targets = address.Scheme.Split('+')
                .Select(endpointName => endpoints.GetEndpoints(address.Host, endpointName))
                .FirstOrDefault(found => found.Count > 0);

            if (targets is null)
            {
                resolved[name] = destination;
                continue;
            }

            for (var index = 0; index < targets.Count; index++)
            {
                resolved[targets.Count == 1 ? name : $"{name}-{index}"] = destination with
                {
                    Address = Rebase(address, targets[index]),
                    Health = destination.Health is { } health ? Rebase(new Uri(health), targets[index]) : null,
                };
            }
        }

        return ValueTask.FromResult(new ResolvedDestinationCollection(resolved, configuration.GetReloadToken()));
    }

    private static string Rebase(Uri logical, Uri target) =>
        new UriBuilder(logical) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri.ToString();
}
