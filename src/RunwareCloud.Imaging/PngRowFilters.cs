using System.Numerics;

namespace RunwareCloud.Imaging;

/// <summary>
/// The encoder's side of PNG's five row filters, each returning the usual score: the sum of the filtered bytes read as
/// signed values (the smallest compresses best). Vectorised, because the encoder tries all five on every row.
/// </summary>
internal static class PngRowFilters
{
    public const byte None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4;

    /// <summary>Writes the filter type and the filtered row into <paramref name="output"/> (one byte longer than the row).</summary>
    public static long Apply(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> output)
    {
        output[0] = filter;
        var filtered = output.Slice(1, row.Length);
        switch (filter)
        {
            case None:
                row.CopyTo(filtered);
                break;
            case Sub:
                ApplySub(row, bpp, filtered);
                break;
            case Up:
                ApplyUp(row, previous, filtered);
                break;
            case Average:
                ApplyAverage(row, previous, bpp, filtered);
                break;
            default:
                ApplyPaeth(row, previous, bpp, filtered);
                break;
        }

        return Score(filtered);
    }

    private static void ApplySub(ReadOnlySpan<byte> row, int bpp, Span<byte> filtered)
    {
        row[..bpp].CopyTo(filtered);
        Subtract(row[bpp..], row[..^bpp], filtered[bpp..]);
    }

    private static void ApplyUp(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, Span<byte> filtered) =>
        Subtract(row, previous, filtered);

    /// <summary>Each value minus its prediction, modulo 256: Sub and Up differ only in what predicts a byte.</summary>
    private static void Subtract(ReadOnlySpan<byte> values, ReadOnlySpan<byte> predictions, Span<byte> output)
    {
        var i = 0;
        for (; i + Vector<byte>.Count <= values.Length; i += Vector<byte>.Count)
        {
            (new Vector<byte>(values[i..]) - new Vector<byte>(predictions[i..])).CopyTo(output[i..]);
        }

        for (; i < values.Length; i++)
        {
            output[i] = (byte)(values[i] - predictions[i]);
        }
    }

    private static void ApplyAverage(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> filtered)
    {
        for (var first = 0; first < bpp; first++)
        {
            filtered[first] = (byte)(row[first] - (previous[first] >> 1));
        }

        var i = bpp;
        for (; i + Vector<byte>.Count <= row.Length; i += Vector<byte>.Count)
        {
            var left = new Vector<byte>(row[(i - bpp)..]);
            var up = new Vector<byte>(previous[i..]);
            // floor((left + up) / 2) without leaving eight bits.
            var average = (left & up) + Vector.ShiftRightLogical(left ^ up, 1);
            (new Vector<byte>(row[i..]) - average).CopyTo(filtered[i..]);
        }

        for (; i < row.Length; i++)
        {
            filtered[i] = (byte)(row[i] - ((row[i - bpp] + previous[i]) >> 1));
        }
    }

    private static void ApplyPaeth(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> filtered)
    {
        // Without a byte to the left, Paeth predicts from the byte above alone: Up.
        Subtract(row[..bpp], previous[..bpp], filtered);
        var i = bpp;
        for (; i + Vector<byte>.Count <= row.Length; i += Vector<byte>.Count)
        {
            Vector.Widen(new Vector<byte>(row[(i - bpp)..]), out var leftLow, out var leftHigh);
            Vector.Widen(new Vector<byte>(previous[i..]), out var upLow, out var upHigh);
            Vector.Widen(new Vector<byte>(previous[(i - bpp)..]), out var cornerLow, out var cornerHigh);
            var predictor = Vector.Narrow(
                PaethPredictor(leftLow, upLow, cornerLow), PaethPredictor(leftHigh, upHigh, cornerHigh));
            (new Vector<byte>(row[i..]) - predictor).CopyTo(filtered[i..]);
        }

        for (; i < row.Length; i++)
        {
            filtered[i] = (byte)(row[i] - PngFilters.Paeth(row[i - bpp], previous[i], previous[i - bpp]));
        }
    }

    /// <summary>The scalar <see cref="PngFilters.Paeth"/> lane by lane: p − a = b − c, p − b = a − c, p − c = both.</summary>
    private static Vector<ushort> PaethPredictor(Vector<ushort> left, Vector<ushort> up, Vector<ushort> corner)
    {
        var upMinusCorner = Vector.AsVectorInt16(up) - Vector.AsVectorInt16(corner);
        var leftMinusCorner = Vector.AsVectorInt16(left) - Vector.AsVectorInt16(corner);
        var distanceLeft = Vector.Abs(upMinusCorner);
        var distanceUp = Vector.Abs(leftMinusCorner);
        var distanceCorner = Vector.Abs(upMinusCorner + leftMinusCorner);
        var pickLeft = Vector.AsVectorUInt16(
            Vector.LessThanOrEqual(distanceLeft, distanceUp) & Vector.LessThanOrEqual(distanceLeft, distanceCorner));
        var pickUp = Vector.AsVectorUInt16(Vector.LessThanOrEqual(distanceUp, distanceCorner));
        return Vector.ConditionalSelect(pickLeft, left, Vector.ConditionalSelect(pickUp, up, corner));
    }

    private static long Score(ReadOnlySpan<byte> filtered)
    {
        var sums = Vector<uint>.Zero;
        var i = 0;
        for (; i + Vector<byte>.Count <= filtered.Length; i += Vector<byte>.Count)
        {
            // |−128| wraps to −128 as a signed byte, which read unsigned is 128: the right magnitude.
            var magnitudes = Vector.AsVectorByte(Vector.Abs(Vector.AsVectorSByte(new Vector<byte>(filtered[i..]))));
            Vector.Widen(magnitudes, out var low, out var high);
            Vector.Widen(low + high, out var lowSums, out var highSums);
            sums += lowSums + highSums;
        }

        long score = Vector.Sum(sums);
        for (; i < filtered.Length; i++)
        {
            score += Math.Abs((int)(sbyte)filtered[i]);
        }

        return score;
    }
}
