using System.Security.Cryptography;
using System.Text;

namespace RunwareCloud.Gateway.Identity;

/// <summary>Creates API keys (<c>rwc_</c> + 256 random bits, base64url) and the SHA-256 hash they are stored and found by.</summary>
public static class ApiKeyFormat
{
    public const string Marker = "rwc_";
    public const int PrefixLength = 12;
    private const int MaxKeyLength = 128;

    public static string Create() => Marker + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string GetPrefix(string key) => key[..Math.Min(PrefixLength, key.Length)];

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool LooksValid(string key) =>
        key.Length is > PrefixLength and <= MaxKeyLength && key.StartsWith(Marker, StringComparison.Ordinal);

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
