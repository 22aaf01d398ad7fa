namespace RunwareCloud.Redis;

internal static class RedisKeys
{
    public static string Prefixed(string prefix, string area, string key) => string.Concat(prefix, area, ":", key);
}
