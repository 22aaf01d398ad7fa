using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RunwareCloud.Notifications.Api.Webhooks;

/// <summary>Standard Webhooks signing: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> keyed by the secret's bytes.</summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const int GeneratedSecretBytes = 32;

    public static string GenerateSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedSecretBytes));

    /// <summary>A secret is <c>whsec_</c> followed by base64 of 24 to 64 random bytes.</summary>
    public static bool IsValidSecret(string secret) => TryGetKey(secret, out var key) && key.Length is >= 24 and <= 64;

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        if (!TryGetKey(secret, out var key))
        {
            throw new ArgumentException("The webhook secret is malformed.", nameof(secret));
        }

        var content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>Checks a <c>webhook-signature</c> header (space-separated signatures) the way a receiver does.</summary>
    public static bool Verify(string secret, string messageId, long timestamp, string body, string signatureHeader)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, messageId, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }

    private static bool TryGetKey(string secret, out byte[] key)
    {
        key = [];
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = secret[SecretPrefix.Length..];
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }
}
