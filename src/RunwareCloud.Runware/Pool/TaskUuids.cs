using System.Security.Cryptography;

namespace RunwareCloud.Runware.Pool;

/// <summary>
/// Random (version 4) task UUIDs drawn from a per-thread block of cryptographically random bytes, refilled 256 UUIDs at a
/// time: <see cref="Guid.NewGuid"/> costs a system call per UUID, which at one task in flight is a visible share of a task.
/// </summary>
internal static class TaskUuids
{
    private const int BlockSize = 16 * 256;

    [ThreadStatic] private static byte[]? t_block;
    [ThreadStatic] private static int t_next;

    public static Guid Next()
    {
        var block = t_block;
        if (block is null || t_next == BlockSize)
        {
            block = t_block ??= new byte[BlockSize];
            RandomNumberGenerator.Fill(block);
            t_next = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        block.AsSpan(t_next, 16).CopyTo(bytes);
        t_next += 16;
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
