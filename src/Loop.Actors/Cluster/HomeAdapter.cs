namespace Loop.Actors.Cluster;

/// <summary>
/// Sent to the adapters' shard region for each adapter of the spec: it starts the adapter's <see cref="AdapterHome"/>
/// on the node that owns its shard, or reaches the one already running (which does nothing).
/// </summary>
/// <param name="Adapter">The adapter's name, the entity's id.</param>
public sealed record HomeAdapter(string Adapter);
