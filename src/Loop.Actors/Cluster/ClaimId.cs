namespace Loop.Actors.Cluster;

/// <summary>
/// Asks the cluster's bus whether a command's id is new to the cluster, reserving it when it is (answered with
/// <see cref="IdClaimed"/>). The router settles the claim once the command is answered (<see cref="SettleId"/>).
/// </summary>
/// <param name="Id">The command's id.</param>
/// <param name="Node">The node that took the command (host:port).</param>
public sealed record ClaimId(string Id, string Node);
