namespace Loop.Actors.Cluster;

/// <summary>
/// How a claimed id's command ended: applied (the id is the cluster's from now on, journaled) or not (an error ack:
/// the id is free again, as one engine does not count a failed command's id as applied).
/// </summary>
/// <param name="Id">The command's id.</param>
/// <param name="Applied">Whether the command took effect.</param>
public sealed record SettleId(string Id, bool Applied);
