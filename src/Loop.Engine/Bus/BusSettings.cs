using Loop.Engine.Spec;

namespace Loop.Engine.Bus;

/// <summary>What the bus actor works with.</summary>
internal sealed record BusSettings(
    LoopSpec Spec,
    IActorRef Loop,
    IActorRef Events,
    Func<Loop.Actors.Loop.LoopSupervisor.LoopStatus, string> RenderStatus,
    Action RequestStop,
    Hosting.EngineMetrics Metrics)
{
    /// <summary>Gets the journal writer commands are journaled with before they are acked; null journals nothing.</summary>
    public IActorRef? Journal { get; init; }

    /// <summary>Gets the ids applied in earlier runs (from the journal): a line with one is a duplicate. The bus keeps a copy.</summary>
    public RecentIds AppliedIds { get; init; } = new();

    /// <summary>Gets how many of the latest applied ids are remembered (storage.dedupe_ids).</summary>
    public int DedupeIds { get; init; } = int.MaxValue;

    /// <summary>
    /// Gets a value indicating whether ids are the cluster's: a node of a cluster hands a command with an id to its router
    /// as an <see cref="Loop.Actors.Cluster.IdentifiedCommand"/>, which claims the id for the whole cluster first.
    /// </summary>
    public bool ClusterIds { get; init; }
}
