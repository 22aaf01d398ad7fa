using System.Security.Cryptography;
using System.Text;

namespace RunwareCloud.Redis;

/// <summary>A Lua script run with EVALSHA, falling back to EVAL (which also caches it) when the server answers NOSCRIPT.</summary>
public sealed class RedisScript(string source)
{
    public string Source { get; } = source;

    public string Sha1 { get; } = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
}
