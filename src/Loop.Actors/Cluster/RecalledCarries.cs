using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>
/// What the cluster's ledger keeps: the adapters disabled, the ones parked, and the restart counts, every adapter not
/// named starting fresh. Three plain collections rather than a carry each: the answer crosses to other nodes, and a
/// restart count for each of 10,000 adapters must stay well inside a remote message's frame.
/// </summary>
/// <param name="Disabled">The adapters disabled.</param>
/// <param name="Parked">The adapters parked (a disabled one may be parked underneath).</param>
/// <param name="Restarts">The restart counts above zero.</param>
public sealed record RecalledCarries(List<string> Disabled, List<string> Parked, Dictionary<string, long> Restarts)
{
    /// <summary>Each adapter the ledger names, with its carry.</summary>
    /// <returns>The carries.</returns>
    public Dictionary<string, AdapterCarry> ToCarries() => AdapterCarry.Gather(Disabled, Parked, Restarts);
}
