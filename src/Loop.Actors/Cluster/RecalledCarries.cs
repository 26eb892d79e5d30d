using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>
/// What the cluster's ledger keeps: the adapters disabled, the ones parked, the restart counts and the ones removed,
/// every adapter not named starting fresh; and the adapters added at run time, with their specs. Plain collections
/// rather than a carry each: the answer crosses to other nodes, and a restart count for each of 10,000 adapters must
/// stay well inside a remote message's frame.
/// </summary>
/// <param name="Disabled">The adapters disabled.</param>
/// <param name="Parked">The adapters parked (a disabled one may be parked underneath).</param>
/// <param name="Restarts">The restart counts above zero.</param>
/// <param name="Removed">The adapters an operator removed: of the spec's, or added ones.</param>
/// <param name="Added">The adapters added at run time (add_adapter), each with its spec as JSON: homed as the spec's are.</param>
public sealed record RecalledCarries(List<string> Disabled, List<string> Parked, Dictionary<string, long> Restarts, List<string> Removed, Dictionary<string, string> Added)
{
    /// <summary>Each adapter the ledger names, with its carry.</summary>
    /// <returns>The carries.</returns>
    public Dictionary<string, AdapterCarry> ToCarries() => AdapterCarry.Gather(Disabled, Parked, Restarts, Removed);
}
