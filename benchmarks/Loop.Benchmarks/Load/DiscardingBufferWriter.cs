using System.Buffers;

namespace Loop.Benchmarks.Load;

/// <summary>
/// A buffer writer that counts and drops what is written into one reused buffer: stands in for a
/// socket's pipe when measuring what rendering costs, without the cost of keeping 19 MB.
/// </summary>
public sealed class DiscardingBufferWriter : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[64 * 1024];

    /// <summary>Gets how many bytes were written.</summary>
    public long Written { get; private set; }

    /// <inheritdoc />
    public void Advance(int count) => Written += count;

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint);

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint);

    private byte[] Ensure(int sizeHint)
    {
        if (sizeHint > _buffer.Length)
        {
            _buffer = new byte[sizeHint];
        }

        return _buffer;
    }
}
