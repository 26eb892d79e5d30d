namespace Loop.Engine.Bus;

/// <summary>Who carries out a validated command.</summary>
internal enum BusActionKind
{
    /// <summary>The LoopSupervisor: the action's message is asked of it.</summary>
    Loop,

    /// <summary>The engine's status document.</summary>
    Status,

    /// <summary>The engine stops after the ack (finishing the tick in flight, flushing).</summary>
    Stop,
}
