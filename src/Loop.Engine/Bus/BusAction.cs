namespace Loop.Engine.Bus;

/// <summary>A validated command, ready to apply.</summary>
/// <param name="Kind">Who carries it out.</param>
/// <param name="LoopMessage">For <see cref="BusActionKind.Loop"/>: the message for the LoopSupervisor.</param>
internal sealed record BusAction(BusActionKind Kind, object? LoopMessage = null);
