namespace RunwareCloud.History.Api.Assets;

public static class ContentAddress
{
    /// <summary>True for a lowercase hexadecimal SHA-256: the only strings that ever become part of a stored path.</summary>
    public static bool IsValid(string? checksum) =>
        checksum is { Length: 64 } && checksum.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
}
