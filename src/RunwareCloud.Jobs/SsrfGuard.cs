using System.Net;
using System.Net.Sockets;

namespace RunwareCloud.Jobs;

/// <summary>Settings of the outbound URL guard (section <c>Inputs</c>).</summary>
public sealed class InputOptions
{
    public const string SectionName = "Inputs";

    /// <summary>Lets URLs reach loopback and private networks (local development and tests only).</summary>
    public bool AllowPrivateNetworkUrls { get; set; }

    public long MaxInputBytes { get; set; } = 20 * 1024 * 1024;
}

/// <summary>
/// Refuses URLs that point into the platform's own network: loopback, private, link-local, CGNAT, multicast and
/// unspecified addresses. The check runs on every address a host name resolves to, and again when the socket connects,
/// so a DNS answer that changes between the two cannot slip through.
/// </summary>
public sealed class SsrfGuard(bool allowPrivateNetworks)
{
    public async Task<string?> CheckAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "must be an absolute http or https URL";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry credentials";
        }

        if (allowPrivateNetworks)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (SocketException)
        {
            return "host does not resolve";
        }

        return addresses.Length == 0 ? "host does not resolve"
            : addresses.Any(IsInternal) ? "points to a private or loopback network address"
            : null;
    }

    /// <summary>A connect callback for <see cref="SocketsHttpHandler"/> that refuses internal addresses at connect time.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = allowPrivateNetworks ? addresses : addresses.Where(address => !IsInternal(address)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"Refused to connect to '{context.DnsEndPoint.Host}': it resolves to an internal address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0 || b[0] == 10 || b[0] == 127
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] >= 224;
        }

        var bytes = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (bytes[0] & 0xFE) == 0xFC;
    }
}
