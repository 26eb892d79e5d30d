namespace Loop.Engine.Bus;

/// <summary>One line cut from a bus source, without its line end.</summary>
/// <param name="Number">Its 1-based line number in the source (file, stdin, or the HTTP body).</param>
/// <param name="Bytes">Its bytes; empty when <paramref name="TooLarge"/>.</param>
/// <param name="TooLarge">The line was over the limit: its bytes were dropped up to its line end.</param>
/// <param name="End">Its source's byte offset just after its line end (where the next line starts); -1 when not known (a too-large line is reported before its end arrives).</param>
internal readonly record struct RawLine(long Number, byte[] Bytes, bool TooLarge, long End = -1);
