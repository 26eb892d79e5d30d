using System.Buffers.Text;
using Loop.Engine.Bus;

namespace Loop.Engine.Persistence;

/// <summary>
/// Reads events.jsonl from its end for the last ack that carries a <c>journal_seq</c>: acks are written
/// in journal order, so every journaled command up to that number was acked before the engine went
/// down, and every one after it was not (recovery acks those, marked recovered).
/// </summary>
internal static class AckedTail
{
    private const int Chunk = 64 * 1024;
    private const long MaxScan = 64L * 1024 * 1024;
    private static readonly byte[] Key = Ack.JournalSequenceField;

    /// <summary>
    /// The last acked journal sequence in <paramref name="eventsPath"/>, or in its rolled predecessors when
    /// the file rolled since (newest first); 0 when there is none.
    /// </summary>
    public static long LastJournalSequence(string eventsPath)
    {
        foreach (var file in Output.RolledFiles.NewestFirst(eventsPath))
        {
            if (LastIn(file) is > 0 and var sequence)
            {
                return sequence;
            }
        }

        return 0;
    }

    private static long LastIn(string eventsPath)
    {

        using var stream = new FileStream(eventsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var end = stream.Length;
        var buffer = new byte[Chunk + Key.Length + 24];
        var carried = 0; // bytes of the chunk after this one kept at the buffer's end, so a key split by the boundary is seen
        for (var position = end; position > 0 && end - position < MaxScan;)
        {
            var size = (int)Math.Min(Chunk, position);
            position -= size;
            Buffer.BlockCopy(buffer, 0, buffer, size, carried);
            stream.Position = position;
            stream.ReadExactly(buffer, 0, size);
            var window = buffer.AsSpan(0, size + carried);
            if (position + size == end)
            {
                // A line the crash cut short is no ack: only complete lines count.
                window = window[..(window.LastIndexOf((byte)'\n') + 1)];
            }

            // journal_seq is an ack's last field: a number not closed by '}' is a line a crash cut short.
            for (var at = window.LastIndexOf(Key); at >= 0; at = window[..at].LastIndexOf(Key))
            {
                var digits = window[(at + Key.Length)..];
                if (Utf8Parser.TryParse(digits, out long sequence, out var length) && length < digits.Length && digits[length] == (byte)'}')
                {
                    return sequence;
                }
            }

            carried = Math.Min(Key.Length + 24, size);
        }

        return 0;
    }
}
