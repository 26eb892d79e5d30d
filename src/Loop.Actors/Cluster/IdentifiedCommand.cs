namespace Loop.Actors.Cluster;

/// <summary>
/// A bus command with an id, for the loop, as a node of a cluster's bus hands it to its router
/// (<see cref="ClusterCommandRouter"/>): the router claims the id for the whole cluster first, so the same id sent to
/// two nodes is applied once, as on one engine.
/// </summary>
/// <param name="Id">The command's id.</param>
/// <param name="Command">The loop's message.</param>
public sealed record IdentifiedCommand(string Id, object Command);
