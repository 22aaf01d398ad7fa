using System.Text;

namespace RunwareCloud.Runware.Emulator.Synthesis;

/// <summary>FNV-1a: stable across processes and runtimes, unlike string.GetHashCode.</summary>
public static class StableHash
{
    public static ulong Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    public static double Unit(string text) => (Of(text) >> 11) * (1.0 / (1UL << 53));

    public static IReadOnlyList<string> Words(string text) =>
        text.ToLowerInvariant().Split(text.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries);
}
