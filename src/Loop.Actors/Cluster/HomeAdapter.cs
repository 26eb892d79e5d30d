namespace Loop.Actors.Cluster;

/// <summary>
/// Sent to the adapters' shard region for each adapter of the spec: it starts the adapter's <see cref="AdapterHome"/>
/// on the node that owns its shard, or reaches the one already running.
/// </summary>
/// <param name="Adapter">The adapter's name, the entity's id.</param>
/// <param name="Carry">What it brings: disabled, parked, its restarts (null: nothing, it starts fresh).</param>
/// <param name="Source">Where <paramref name="Carry"/> came from: a handover, the cluster's ledger, or nowhere.</param>
public sealed record HomeAdapter(string Adapter, Loop.AdapterCarry? Carry = null, CarrySource Source = CarrySource.None);
