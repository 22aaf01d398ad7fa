using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RunwareCloud.Runware.Tests.Support;

/// <summary>A loopback TLS endpoint with a self-signed certificate that forwards the decrypted bytes to a plain server.</summary>
public sealed class TlsRelay : LoopbackRelay
{
    private readonly int _targetPort;

    public TlsRelay(int targetPort)
    {
        _targetPort = targetPort;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    public X509Certificate2 Certificate { get; }

    public int Handshakes;

    protected override async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        try
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, Stop.Token);
            Interlocked.Increment(ref Handshakes);
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, Stop.Token);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(Stop.Token);
            var up = tls.CopyToAsync(upstream.GetStream(), done.Token);
            var down = upstream.GetStream().CopyToAsync(tls, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
        }
        catch (Exception)
        {
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Certificate.Dispose();
    }
}
