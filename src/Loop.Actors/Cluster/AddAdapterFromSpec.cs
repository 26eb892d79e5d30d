namespace Loop.Actors.Cluster;

/// <summary>
/// add_adapter on a cluster, sent through the adapters' shard region: the adapter's <see cref="AdapterHome"/> (started by
/// this message when the name is new to the cluster) has its node's loop add it, and the loop's answer goes back to the
/// sender. The spec travels as the JSON it came in (a definition holds a factory, which does not cross nodes), and each
/// home reads it with its node's spec reader.
/// </summary>
/// <param name="Adapter">The adapter's name, the entity's id.</param>
/// <param name="Spec">The adapter's spec, as JSON (add_adapter's args).</param>
public sealed record AddAdapterFromSpec(string Adapter, string Spec);
