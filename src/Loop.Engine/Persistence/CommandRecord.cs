using System.Text.Json;

namespace Loop.Engine.Persistence;

/// <summary>
/// A bus command as the journal keeps it: enough to rebuild the engine's state (cmd, args), to resume
/// the commands file (offset, line), and to ack it again after a crash (the ack as it was built).
/// </summary>
/// <param name="Id">The command's id, when it had one.</param>
/// <param name="Cmd">The command, when it could be read.</param>
/// <param name="Applied">Whether it took effect (ok and not a duplicate); a file line acked as an error is kept for its offset only.</param>
/// <param name="Args">Its arguments (an object, or undefined).</param>
/// <param name="Offset">For a commands-file line: the byte offset just after it; null for stdin and HTTP.</param>
/// <param name="Line">Its line number in its source.</param>
/// <param name="Ack">The ack line as built for it (UTF-8 JSON).</param>
internal sealed record CommandRecord(string? Id, string? Cmd, bool Applied, JsonElement Args, long? Offset, long Line, byte[] Ack);
