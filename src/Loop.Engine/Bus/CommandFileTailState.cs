namespace Loop.Engine.Bus;

/// <summary>What a running <see cref="CommandFileSource"/> shows outside its stream: where it started and how far it has read.</summary>
internal sealed class CommandFileTailState(long startedAt)
{
    private long _offset = startedAt;

    /// <summary>Gets the byte offset the tail started at.</summary>
    public long StartedAt { get; } = startedAt;

    /// <summary>Gets the byte offset up to which the file was read and cut into lines.</summary>
    public long Offset => Interlocked.Read(ref _offset);

    internal void SetOffset(long offset) => Interlocked.Exchange(ref _offset, offset);
}
