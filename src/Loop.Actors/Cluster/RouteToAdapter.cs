namespace Loop.Actors.Cluster;

/// <summary>
/// An operator's command for one adapter, sent through the adapters' shard region to the node that runs it: its
/// <see cref="AdapterHome"/> hands <see cref="Command"/> to that node's loop, whose reply goes back to the sender.
/// </summary>
/// <param name="Adapter">The adapter's name, the entity's id.</param>
/// <param name="Command">The loop's control message (restart, enable, disable, remove, inject a fault, ack a BLOCK).</param>
public sealed record RouteToAdapter(string Adapter, object Command);
