using System.Net;
using RunwareCloud.ServiceDefaults.Security;

namespace RunwareCloud.ServiceDefaults.Tests;

public sealed class SsrfGuardTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("198.51.100.7")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    public void IsPublic_is_false_for_internal_addresses(string address)
    {
        Assert.False(SsrfGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:1.1.1.1")]
    public void IsPublic_is_true_for_public_addresses(string address)
    {
        Assert.True(SsrfGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/x", "points to a private or loopback network address")]
    [InlineData("http://[::1]/x", "points to a private or loopback network address")]
    [InlineData("http://localhost/x", "points to a private or loopback network address")]
    [InlineData("ftp://8.8.8.8/x", "must be an absolute http or https URL")]
    [InlineData("https://user:pass@8.8.8.8/x", "must not carry credentials")]
    public async Task CheckAsync_refuses_with_a_reason_when_the_url_is_not_a_public_http_target(string url, string reason)
    {
        var guard = new SsrfGuard(allowPrivateNetworks: false);

        Assert.Equal(reason, await guard.CheckAsync(new Uri(url), CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task CheckAsync_accepts_public_and_allowed_private_targets()
    {
        var allowPrivate = false;
        var guard = new SsrfGuard(() => allowPrivate);

        Assert.Null(await guard.CheckAsync(new Uri("https://8.8.8.8/hook"), CancellationToken.None).WaitAsync(Timeout));
        Assert.NotNull(await guard.CheckAsync(new Uri("http://10.1.2.3/hook"), CancellationToken.None).WaitAsync(Timeout));
        allowPrivate = true;
        Assert.Null(await guard.CheckAsync(new Uri("http://10.1.2.3/hook"), CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ConnectAsync_refuses_a_host_that_resolves_only_to_internal_addresses()
    {
        var guard = new SsrfGuard(allowPrivateNetworks: false);
        using var http = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync });

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("http://127.0.0.1:9/").WaitAsync(Timeout));

        Assert.Contains("no public address", refused.ToString(), StringComparison.Ordinal);
    }
}
