using System.Buffers;
using System.Text;
using RunwareCloud.Redis;

namespace RunwareCloud.Redis.Tests;

public sealed class RespTests
{
    [Fact]
    public void WriteCommand_encodes_every_argument_as_a_bulk_string()
    {
        var writer = new ArrayBufferWriter<byte>();

        Resp.WriteCommand(writer, ["SET", "k€", new byte[] { 0, 13, 10 }, 42L, 1.5]);

        Assert.Equal("*5\r\n$3\r\nSET\r\n$4\r\nk€\r\n$3\r\n\0\r\n\r\n$2\r\n42\r\n$3\r\n1.5\r\n", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void TryRead_returns_false_for_every_incomplete_prefix_and_the_reply_when_complete()
    {
        var wire = Encoding.UTF8.GetBytes("*3\r\n:7\r\n$-1\r\n*2\r\n+OK\r\n$5\r\nhel\r\n\r\n");

        for (var length = 0; length < wire.Length; length++)
        {
            var partial = new SequenceReader<byte>(new ReadOnlySequence<byte>(wire, 0, length));
            Assert.False(Resp.TryRead(ref partial, out _), $"prefix of {length} bytes");
        }

        var complete = new SequenceReader<byte>(new ReadOnlySequence<byte>(wire));
        Assert.True(Resp.TryRead(ref complete, out var reply));
        Assert.Equal(0, complete.Remaining);
        Assert.Equal(7, reply[0].AsInt64());
        Assert.True(reply[1].IsNull);
        Assert.Equal("OK", reply[2][0].AsString());
        Assert.Equal("hel\r\n", reply[2][1].AsString());
    }

    [Fact]
    public void TryRead_reads_error_replies_as_values()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("-ERR unknown command\r\n")));

        Assert.True(Resp.TryRead(ref reader, out var reply));
        Assert.True(reply.IsError);
        Assert.Equal("ERR unknown command", reply.ErrorMessage);
        Assert.Throws<RedisServerException>(() => reply.ThrowIfError());
    }
}
