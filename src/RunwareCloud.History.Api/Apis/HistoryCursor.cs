using System.Buffers.Binary;
using System.Buffers.Text;

namespace RunwareCloud.History.Api.Apis;

/// <summary>
/// The position after the last entry of a page: (rank,) created_at, id. Keyset paging on it is stable while entries are
/// added, because an insert lands before the cursor (newer) or after it, never between two pages already read.
/// </summary>
public sealed record HistoryCursor(long CreatedAtMicroseconds, Guid Id, float? Rank)
{
    private const byte Version = 1;
    private const int TimeOrderedLength = 1 + 1 + 8 + 16;
    private const int RankedLength = TimeOrderedLength + 4;

    public DateTimeOffset CreatedAt => DateTimeOffset.UnixEpoch.AddTicks(CreatedAtMicroseconds * 10);

    public static HistoryCursor From(DateTimeOffset createdAt, Guid id, float? rank) =>
        new((createdAt - DateTimeOffset.UnixEpoch).Ticks / 10, id, rank);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Rank is null ? TimeOrderedLength : RankedLength];
        bytes[0] = Version;
        bytes[1] = Rank is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteInt64BigEndian(bytes[2..], CreatedAtMicroseconds);
        Id.TryWriteBytes(bytes[10..], bigEndian: true, out _);
        if (Rank is { } rank)
        {
            BinaryPrimitives.WriteSingleBigEndian(bytes[26..], rank);
        }

        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? value, out HistoryCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (value.Length > 64)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[64];
        int length;
        try
        {
            if (!Base64Url.TryDecodeFromChars(value, bytes, out length) || length < TimeOrderedLength)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        var ranked = bytes[1] == 1;
        if (bytes[0] != Version || bytes[1] > 1 || length != (ranked ? RankedLength : TimeOrderedLength))
        {
            return false;
        }

        float? rank = ranked ? BinaryPrimitives.ReadSingleBigEndian(bytes[26..]) : null;
        if (rank is { } r && !float.IsFinite(r))
        {
            return false;
        }

        cursor = new HistoryCursor(BinaryPrimitives.ReadInt64BigEndian(bytes[2..]), new Guid(bytes[10..26], bigEndian: true), rank);
        return true;
    }
}
