namespace Loop.Engine.Bus;

/// <summary>A line as the intake's parse stage hands it to the bus actor: the line, and its command (null for a blank line, which is no command).</summary>
/// <param name="Line">The line, where it came from, and who waits for its ack.</param>
/// <param name="Command">What it says (or why it cannot be read); null when the line is blank.</param>
internal sealed record ParsedLine(BusLine Line, ParsedCommand? Command)
{
    /// <summary>The parse stage: blank lines pass as no command; everything else is parsed here, beside the bus actor, not in it.</summary>
    public static ParsedLine Of(BusLine line) =>
        new(line, !line.Line.TooLarge && line.Line.Bytes.AsSpan().IndexOfAnyExcept(" \t\r"u8) < 0 ? null : CommandParser.Parse(line.Line));
}
