using Loop.Engine.Spec;

namespace Loop.Engine.Bus;

/// <summary>What the bus actor works with.</summary>
internal sealed record BusSettings(
    LoopSpec Spec,
    IActorRef Loop,
    IActorRef Events,
    Func<Loop.Actors.Loop.LoopSupervisor.LoopStatus, string> RenderStatus,
    Action RequestStop,
    Hosting.EngineMetrics Metrics);
