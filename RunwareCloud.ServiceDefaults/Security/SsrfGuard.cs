using System.Net;
using System.Net.Sockets;

namespace RunwareCloud.ServiceDefaults.Security;

/// <summary>
/// Keeps outbound requests to user-supplied URLs off the platform's own network (server-side request forgery): a URL
/// must resolve only to public addresses. The check runs on every address a host name resolves to when the URL is
/// accepted, and again when a socket connects, so a DNS answer that changes between the two (rebinding) cannot slip through.
/// </summary>
/// <param name="allowPrivateNetworks">Read on every check; true lets URLs reach loopback and private networks (local development and tests only).</param>
public sealed class SsrfGuard(Func<bool> allowPrivateNetworks)
{
    public SsrfGuard(bool allowPrivateNetworks)
        : this(() => allowPrivateNetworks)
    {
    }

    /// <summary>Null when <paramref name="uri"/> may be fetched, otherwise why not, phrased to follow the field's name ("must be ...").</summary>
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

        if (allowPrivateNetworks())
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return "host does not resolve";
        }

        return addresses.Length == 0 ? "host does not resolve"
            : addresses.Any(address => !IsPublic(address)) ? "points to a private or loopback network address"
            : null;
    }

    /// <summary>A connect callback for <see cref="SocketsHttpHandler"/> that resolves, refuses non-public addresses, then connects.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = allowPrivateNetworks() ? addresses : [.. addresses.Where(IsPublic)];
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"Refused to connect to '{context.DnsEndPoint.Host}': it resolves to no public address.");
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

    /// <summary>
    /// False for loopback, unspecified, private, carrier-grade NAT, link-local, multicast and reserved addresses, the
    /// documentation and benchmarking ranges, IPv6 unique-local, and NAT64 or IPv4-mapped forms of any of them.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            var isNat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b;
            return !(IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xfe) == 0xfc
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
                || (isNat64 && !IsPublic(new IPAddress(b[12..]))));
        }

        return false;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}
