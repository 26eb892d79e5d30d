namespace Loop.Engine.Bus;

/// <summary>One line cut from a bus source, without its line end.</summary>
/// <param name="Number">Its 1-based line number in the source (file, stdin, or the HTTP body).</param>
/// <param name="Bytes">Its bytes; empty when <paramref name="TooLarge"/>.</param>
/// <param name="TooLarge">The line was over the limit: its bytes were dropped up to its line end.</param>
internal readonly record struct RawLine(long Number, byte[] Bytes, bool TooLarge);
