namespace Loop.Actors.Cluster;

/// <summary>
/// A node's changes to its adapters' <see cref="Loop.AdapterCarry"/> since its last batch, for the cluster's ledger
/// (<see cref="AdapterLedger"/>), answered with <see cref="CarriesKept"/> once journaled.
/// </summary>
/// <param name="Node">The node's unique address (host:port and its incarnation): each has its own sequence.</param>
/// <param name="Sequence">The batch's number on that node: a batch that arrives after a later one is old news.</param>
/// <param name="Changes">Each changed adapter's carry; <see cref="Loop.AdapterCarry.None"/> for one that starts fresh or was removed.</param>
public sealed record AdapterCarries(string Node, long Sequence, Dictionary<string, Loop.AdapterCarry> Changes);
