using RunwareCloud.Notifications.Api.Webhooks;

namespace RunwareCloud.Notifications.Api.Tests;

public sealed class WebhookSignerTests
{
    // The Standard Webhooks specification's own test vector.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";

    [Fact]
    public void Sign_matches_the_Standard_Webhooks_test_vector()
    {
        var signature = WebhookSigner.Sign(Secret, MessageId, Timestamp, Body);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Verify_rejects_a_signature_when_the_body_was_changed()
    {
        var signature = WebhookSigner.Sign(Secret, MessageId, Timestamp, Body);

        Assert.True(WebhookSigner.Verify(Secret, MessageId, Timestamp, Body, $"v1,bogus {signature}"));
        Assert.False(WebhookSigner.Verify(Secret, MessageId, Timestamp, Body + " ", signature));
    }

    [Fact]
    public void GenerateSecret_creates_valid_distinct_secrets()
    {
        var (first, second) = (WebhookSigner.GenerateSecret(), WebhookSigner.GenerateSecret());

        Assert.True(WebhookSigner.IsValidSecret(first));
        Assert.NotEqual(first, second);
        Assert.False(WebhookSigner.IsValidSecret("whsec_c2hvcnQ="));
        Assert.False(WebhookSigner.IsValidSecret("not-a-secret"));
    }
}
