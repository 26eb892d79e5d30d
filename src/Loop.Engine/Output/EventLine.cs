namespace Loop.Engine.Output;

/// <summary>A line for events.jsonl that is already JSON (a bus ack, built once for the file and the HTTP reply).</summary>
/// <param name="Utf8">The line's bytes, without its line end.</param>
internal sealed record EventLine(byte[] Utf8);
