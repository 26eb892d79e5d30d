namespace Loop.Engine.Bus;

/// <summary>Published on the event stream for each command acked, for the log (the command id is its correlation id).</summary>
internal sealed record BusCommandHandled(string? Id, string? Cmd, BusError? Error, bool Duplicate, BusSource Source, long Line);
