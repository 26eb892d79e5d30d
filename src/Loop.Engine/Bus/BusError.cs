namespace Loop.Engine.Bus;

/// <summary>Why a command was not applied: a code from <see cref="BusErrorCodes"/> and a message for the operator.</summary>
internal sealed record BusError(string Code, string Message);
