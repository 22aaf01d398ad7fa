using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace RunwareCloud.Redis;

/// <summary>A command argument: text (sent as UTF-8), raw bytes, or a number, always written as a RESP bulk string.</summary>
public readonly struct RedisValue
{
    private readonly object? _reference;
    private readonly long _number;
    private readonly Kind _kind;

    private enum Kind : byte { Null, String, Bytes, Integer, Double }

    private RedisValue(object? reference, long number, Kind kind)
    {
        _reference = reference;
        _number = number;
        _kind = kind;
    }

    public bool IsNull => _kind == Kind.Null;

    public static implicit operator RedisValue(string? value) => value is null ? default : new(value, 0, Kind.String);

    public static implicit operator RedisValue(byte[]? value) => value is null ? default : new(new ReadOnlyMemory<byte>(value), 0, Kind.Bytes);

    public static implicit operator RedisValue(ReadOnlyMemory<byte> value) => new(value, 0, Kind.Bytes);

    public static implicit operator RedisValue(long value) => new(null, value, Kind.Integer);

    public static implicit operator RedisValue(int value) => new(null, value, Kind.Integer);

    public static implicit operator RedisValue(double value) => new(null, BitConverter.DoubleToInt64Bits(value), Kind.Double);

    /// <summary>The number of bytes this value occupies on the wire (the bulk string payload).</summary>
    internal int GetByteCount() => _kind switch
    {
        Kind.String => Encoding.UTF8.GetByteCount((string)_reference!),
        Kind.Bytes => ((ReadOnlyMemory<byte>)_reference!).Length,
        Kind.Integer => CountDigits(_number),
        Kind.Double => FormatDouble().Length,
        _ => 0,
    };

    /// <summary>Writes the payload into <paramref name="destination"/>, which is at least <see cref="GetByteCount"/> long.</summary>
    internal int Write(Span<byte> destination)
    {
        switch (_kind)
        {
            case Kind.String:
                return Encoding.UTF8.GetBytes((string)_reference!, destination);
            case Kind.Bytes:
                var bytes = ((ReadOnlyMemory<byte>)_reference!).Span;
                bytes.CopyTo(destination);
                return bytes.Length;
            case Kind.Integer:
                Utf8Formatter.TryFormat(_number, destination, out var written);
                return written;
            case Kind.Double:
                return Encoding.ASCII.GetBytes(FormatDouble(), destination);
            default:
                return 0;
        }
    }

    public override string ToString() => _kind switch
    {
        Kind.String => (string)_reference!,
        Kind.Bytes => Encoding.UTF8.GetString(((ReadOnlyMemory<byte>)_reference!).Span),
        Kind.Integer => _number.ToString(CultureInfo.InvariantCulture),
        Kind.Double => FormatDouble(),
        _ => "",
    };

    private string FormatDouble()
    {
        var value = BitConverter.Int64BitsToDouble(_number);
        return double.IsPositiveInfinity(value) ? "+inf"
            : double.IsNegativeInfinity(value) ? "-inf"
            : value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static int CountDigits(long value)
    {
        if (value == long.MinValue)
        {
            return 20;
        }

        var digits = value < 0 ? 2 : 1;
        var magnitude = (ulong)Math.Abs(value);
        while (magnitude >= 10)
        {
            magnitude /= 10;
            digits++;
        }

        return digits;
    }
}
