using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RunwareCloud.Notifications.Api.Notifications;

/// <summary>A Redis stream entry id (<c>milliseconds-sequence</c>): totally ordered within one user's log.</summary>
public readonly record struct StreamId(long Milliseconds, long Sequence) : IComparable<StreamId>
{
    public static readonly StreamId Zero = new(0, 0);

    public static bool TryParse([NotNullWhen(true)] string? text, out StreamId id)
    {
        id = Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 41)
        {
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var millisecondsText = dash < 0 ? text.AsSpan() : text.AsSpan(0, dash);
        var sequenceText = dash < 0 ? "0".AsSpan() : text.AsSpan(dash + 1);
        if (!long.TryParse(millisecondsText, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || !long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        id = new StreamId(milliseconds, sequence);
        return true;
    }

    public static StreamId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a stream id.");

    public int CompareTo(StreamId other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(StreamId left, StreamId right) => left.CompareTo(right) < 0;

    public static bool operator >(StreamId left, StreamId right) => left.CompareTo(right) > 0;

    public static bool operator <=(StreamId left, StreamId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(StreamId left, StreamId right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
