using System.Buffers.Text;
using System.Text;

namespace RunwareCloud.Redis;

public enum RedisReplyKind
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
}

/// <summary>One RESP2 reply. Bulk strings and arrays can be nil (<see cref="IsNull"/>); arrays can nest.</summary>
public sealed class RedisReply
{
    private static readonly RedisReply[] s_smallIntegers = CreateSmallIntegers();
    private static readonly IReadOnlyList<RedisReply> s_emptyElements = [];

    private readonly byte[]? _bytes;
    private readonly string? _text;
    private readonly long _integer;
    private readonly IReadOnlyList<RedisReply>? _elements;

    private RedisReply(RedisReplyKind kind, byte[]? bytes, string? text, long integer, IReadOnlyList<RedisReply>? elements, bool isNull)
    {
        Kind = kind;
        _bytes = bytes;
        _text = text;
        _integer = integer;
        _elements = elements;
        IsNull = isNull;
    }

    public static RedisReply NilBulk { get; } = new(RedisReplyKind.BulkString, null, null, 0, null, isNull: true);

    public static RedisReply NilArray { get; } = new(RedisReplyKind.Array, null, null, 0, null, isNull: true);

    public static RedisReply Ok { get; } = new(RedisReplyKind.SimpleString, null, "OK", 0, null, isNull: false);

    public static RedisReply EmptyArray { get; } = new(RedisReplyKind.Array, null, null, 0, s_emptyElements, isNull: false);

    public RedisReplyKind Kind { get; }

    public bool IsNull { get; }

    public bool IsError => Kind == RedisReplyKind.Error;

    /// <summary>The error text of an error reply (for example <c>NOSCRIPT No matching script</c>), otherwise null.</summary>
    public string? ErrorMessage => Kind == RedisReplyKind.Error ? _text : null;

    /// <summary>The elements of a non-nil array; empty for every other kind.</summary>
    public IReadOnlyList<RedisReply> Elements => _elements ?? s_emptyElements;

    public RedisReply this[int index] => Elements[index];

    public static RedisReply SimpleString(string text) => text == "OK" ? Ok : new(RedisReplyKind.SimpleString, null, text, 0, null, false);

    public static RedisReply Error(string message) => new(RedisReplyKind.Error, null, message, 0, null, false);

    public static RedisReply Integer(long value) =>
        value is >= -1 and < 255 ? s_smallIntegers[value + 1] : new(RedisReplyKind.Integer, null, null, value, null, false);

    public static RedisReply Bulk(byte[] bytes) => new(RedisReplyKind.BulkString, bytes, null, 0, null, false);

    public static RedisReply Array(IReadOnlyList<RedisReply> elements) =>
        elements.Count == 0 ? EmptyArray : new(RedisReplyKind.Array, null, null, 0, elements, false);

    /// <summary>The payload of a bulk string, or the UTF-8 bytes of a simple string or integer; null when nil.</summary>
    public byte[]? AsBytes() => Kind switch
    {
        RedisReplyKind.BulkString => _bytes,
        RedisReplyKind.Array => null,
        _ => Encoding.UTF8.GetBytes(AsString()!),
    };

    public ReadOnlyMemory<byte> AsMemory() => AsBytes() ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>The text of a simple string, error or bulk string (UTF-8), or an integer's digits; null when nil or an array.</summary>
    public string? AsString() => Kind switch
    {
        RedisReplyKind.SimpleString or RedisReplyKind.Error => _text,
        RedisReplyKind.Integer => _integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RedisReplyKind.BulkString => _bytes is null ? null : Encoding.UTF8.GetString(_bytes),
        _ => null,
    };

    /// <summary>The value of an integer reply, or a bulk/simple string holding an integer.</summary>
    public long AsInt64()
    {
        ThrowIfError();
        if (Kind == RedisReplyKind.Integer)
        {
            return _integer;
        }

        if (Kind == RedisReplyKind.BulkString && _bytes is not null && Utf8Parser.TryParse(_bytes, out long parsed, out var consumed) && consumed == _bytes.Length)
        {
            return parsed;
        }

        if (Kind == RedisReplyKind.SimpleString && long.TryParse(_text, out parsed))
        {
            return parsed;
        }

        throw new InvalidCastException($"A {Kind} reply is not an integer.");
    }

    /// <summary>Throws <see cref="RedisServerException"/> when this is an error reply; returns this otherwise.</summary>
    public RedisReply ThrowIfError() => Kind == RedisReplyKind.Error ? throw new RedisServerException(_text!) : this;

    public override string ToString() => Kind switch
    {
        RedisReplyKind.Array when IsNull => "(nil array)",
        RedisReplyKind.Array => "[" + string.Join(", ", Elements) + "]",
        RedisReplyKind.BulkString when IsNull => "(nil)",
        RedisReplyKind.Error => "(error) " + _text,
        _ => AsString()!,
    };

    private static RedisReply[] CreateSmallIntegers()
    {
        var values = new RedisReply[256];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new RedisReply(RedisReplyKind.Integer, null, null, i - 1, null, false);
        }

        return values;
    }
}
