namespace Loop.Actors.Cluster;

/// <summary>
/// Sent to the adapters' shard region for each adapter of the spec: it starts the adapter's <see cref="AdapterHome"/>
/// on the node that owns its shard, or reaches the one already running (which does nothing).
/// </summary>
/// <param name="Adapter">The adapter's name, the entity's id.</param>
/// <param name="Carry">What it brings from the node it ran on (a handover), or null (the spec's start, a sweep after a node died).</param>
public sealed record HomeAdapter(string Adapter, Loop.AdapterCarry? Carry = null);
