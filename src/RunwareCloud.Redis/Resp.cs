using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace RunwareCloud.Redis;

/// <summary>RESP2 encoding of commands and incremental decoding of replies.</summary>
internal static class Resp
{
    private const byte CarriageReturn = (byte)'\r';
    private const byte LineFeed = (byte)'\n';

    /// <summary>The largest bulk string the parser accepts (the server's own proto-max-bulk-len default).</summary>
    private const long MaxBulkLength = 512L * 1024 * 1024;

    /// <summary>Writes <c>*N\r\n</c> and then <c>$len\r\npayload\r\n</c> per argument.</summary>
    public static void WriteCommand(IBufferWriter<byte> writer, ReadOnlySpan<RedisValue> args)
    {
        WriteHeader(writer, (byte)'*', args.Length);
        foreach (var arg in args)
        {
            var length = arg.GetByteCount();
            WriteHeader(writer, (byte)'$', length);
            var span = writer.GetSpan(length + 2);
            var written = arg.Write(span);
            span[written] = CarriageReturn;
            span[written + 1] = LineFeed;
            writer.Advance(written + 2);
        }
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte prefix, long number)
    {
        var span = writer.GetSpan(24);
        span[0] = prefix;
        Utf8Formatter.TryFormat(number, span[1..], out var digits);
        span[digits + 1] = CarriageReturn;
        span[digits + 2] = LineFeed;
        writer.Advance(digits + 3);
    }

    /// <summary>
    /// Reads one complete reply from <paramref name="reader"/>. Returns false, with the reader at an unspecified position,
    /// when the buffer holds only part of it; the caller then waits for more bytes and starts again from the same place.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out RedisReply reply)
    {
        reply = null!;
        if (!reader.TryRead(out var prefix))
        {
            return false;
        }

        switch (prefix)
        {
            case (byte)'+':
            {
                if (!TryReadLine(ref reader, out var line))
                {
                    return false;
                }

                reply = RedisReply.SimpleString(line.Length == 2 && line[0] == 'O' && line[1] == 'K' ? "OK" : Encoding.UTF8.GetString(line));
                return true;
            }
            case (byte)'-':
            {
                if (!TryReadLine(ref reader, out var line))
                {
                    return false;
                }

                reply = RedisReply.Error(Encoding.UTF8.GetString(line));
                return true;
            }
            case (byte)':':
            {
                if (!TryReadNumber(ref reader, out var number))
                {
                    return false;
                }

                reply = RedisReply.Integer(number);
                return true;
            }
            case (byte)'$':
            {
                if (!TryReadNumber(ref reader, out var length))
                {
                    return false;
                }

                if (length < 0)
                {
                    reply = RedisReply.NilBulk;
                    return true;
                }

                if (length > MaxBulkLength)
                {
                    throw new RedisConnectionException($"Protocol error: bulk length {length}.");
                }

                if (reader.Remaining < length + 2)
                {
                    return false;
                }

                var bytes = GC.AllocateUninitializedArray<byte>((int)length);
                reader.TryCopyTo(bytes);
                reader.Advance(length);
                if (!reader.IsNext([CarriageReturn, LineFeed], advancePast: true))
                {
                    throw new RedisConnectionException("Protocol error: bulk string not terminated by CRLF.");
                }

                reply = RedisReply.Bulk(bytes);
                return true;
            }
            case (byte)'*':
            {
                if (!TryReadNumber(ref reader, out var count))
                {
                    return false;
                }

                if (count < 0)
                {
                    reply = RedisReply.NilArray;
                    return true;
                }

                if (count > reader.Remaining)
                {
                    // Every element needs at least one byte, so the array cannot be complete yet.
                    return false;
                }

                var elements = new RedisReply[count];
                for (var i = 0; i < count; i++)
                {
                    if (!TryRead(ref reader, out elements[i]))
                    {
                        return false;
                    }
                }

                reply = RedisReply.Array(elements);
                return true;
            }
            default:
                throw new RedisConnectionException($"Protocol error: unexpected reply type byte 0x{prefix:x2}.");
        }
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        if (reader.TryReadTo(out ReadOnlySpan<byte> span, [CarriageReturn, LineFeed], advancePastDelimiter: true))
        {
            line = span;
            return true;
        }

        line = default;
        return false;
    }

    private static bool TryReadNumber(ref SequenceReader<byte> reader, out long number)
    {
        number = 0;
        if (!TryReadLine(ref reader, out var line))
        {
            return false;
        }

        if (!Utf8Parser.TryParse(line, out number, out var consumed) || consumed != line.Length)
        {
            throw new RedisConnectionException("Protocol error: malformed length or integer.");
        }

        return true;
    }
}
