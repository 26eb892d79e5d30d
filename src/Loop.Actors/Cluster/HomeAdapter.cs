namespace Loop.Actors.Cluster;

/// <summary>
/// Sent to the adapters' shard region for each adapter of the cluster (the spec's, and the ones added at run time): it
/// starts the adapter's <see cref="AdapterHome"/> on the node that owns its shard, or reaches the one already running.
/// </summary>
/// <param name="Adapter">The adapter's name, the entity's id.</param>
/// <param name="Carry">What it brings: disabled, parked, its restarts, or removed (null: nothing, it starts fresh).</param>
/// <param name="Source">Where <paramref name="Carry"/> came from: a handover, the cluster's ledger, or nowhere.</param>
/// <param name="Spec">For an adapter added at run time, its spec as JSON (see <see cref="AddAdapterFromSpec"/>); null for the spec file's.</param>
public sealed record HomeAdapter(string Adapter, Loop.AdapterCarry? Carry = null, CarrySource Source = CarrySource.None, string? Spec = null);
