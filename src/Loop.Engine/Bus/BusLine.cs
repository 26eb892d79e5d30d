namespace Loop.Engine.Bus;

/// <summary>One line for the bus actor; <paramref name="Reply"/> receives its ack (null for a blank line, which is no command).</summary>
/// <param name="Source">Where it came from.</param>
/// <param name="Line">The line.</param>
/// <param name="Reply">Completed with the ack's bytes; null when nobody waits (file, stdin).</param>
internal sealed record BusLine(BusSource Source, RawLine Line, TaskCompletionSource<byte[]?>? Reply);
