using System.Text.Json;

namespace Loop.Engine.Bus;

/// <summary>
/// What a bus line said, as far as it could be read: <see cref="Error"/> is null for a well-formed
/// command; <see cref="Id"/> and <see cref="Cmd"/> are kept even for a bad one, for its ack.
/// </summary>
internal sealed record ParsedCommand(string? Id, string? Cmd, JsonElement Args, BusError? Error);
